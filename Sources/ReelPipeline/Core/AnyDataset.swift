import Foundation

/// A type-erased dataset: any `Dataset` with the same element type. Useful to hold datasets of
/// different pipeline types in one array (``Datasets/sample(from:weights:seed:stopOnEmptyDataset:rerandomizeEachIteration:)``,
/// ``Datasets/choose(from:choices:stopOnEmptyDataset:)``) or to hide a long generic type.
///
///     let sources = [Datasets.range(0..<3).eraseToAnyDataset(),
///                    Datasets.from([7, 8]).eraseToAnyDataset()]
///
/// Each `next()` is one dynamic call; keep erasure out of per-element hot paths when you can
/// (erase after `batch`).
public struct AnyDataset<Element>: Dataset {
  @usableFromInline let box: AnyDatasetBox<Element>

  /// Wraps `dataset`.
  public init<D: Dataset>(_ dataset: D) where D.Element == Element {
    if let erased = dataset as? AnyDataset<Element> {
      box = erased.box
    } else {
      box = ConcreteDatasetBox(dataset)
    }
  }

  public var cardinality: Cardinality { box.cardinality }

  public func makeIterator(epoch: Int) -> AnyDatasetIterator<Element> {
    box.makeIterator(epoch: epoch)
  }

  public func makeIterator(restoring state: ErasedState) throws -> AnyDatasetIterator<Element> {
    try box.makeIterator(restoring: state)
  }
}

extension Dataset {
  /// This dataset behind a type-erased ``AnyDataset``.
  public func eraseToAnyDataset() -> AnyDataset<Element> { AnyDataset(self) }
}

/// The iterator of an ``AnyDataset``. It has reference semantics (like every iterator that owns
/// background work): copies share one position.
public struct AnyDatasetIterator<Element>: DatasetIterator {
  @usableFromInline let box: AnyIteratorBox<Element>

  @inlinable public mutating func next() throws -> Element? { try box.next() }
  public func checkpoint() throws -> ErasedState { try box.checkpoint() }
  public mutating func skip(_ count: Int) throws -> Int { try box.skip(count) }
}

/// A saved position whose concrete type is hidden. It encodes as the concrete state's JSON;
/// a decoded one is turned back into the concrete type when restored.
public struct ErasedState: Codable, @unchecked Sendable {
  enum Storage {
    case live(any Encodable)
    case json(JSONValue)
  }

  let storage: Storage

  init(_ value: any Encodable) { storage = .live(value) }

  public init(from decoder: any Decoder) throws { storage = .json(try JSONValue(from: decoder)) }

  public func encode(to encoder: any Encoder) throws {
    switch storage {
    case .live(let value): try value.encode(to: encoder)
    case .json(let value): try value.encode(to: encoder)
    }
  }

  /// The state as its concrete type.
  func decode<T: Decodable>(_ type: T.Type) throws -> T {
    if case .live(let value) = storage, let typed = value as? T { return typed }
    let data = try JSONEncoder().encode(self)
    do {
      return try JSONDecoder().decode(T.self, from: data)
    } catch {
      throw PipelineError.invalidState(
        stage: "AnyDataset", "state does not fit \(T.self): \(error)")
    }
  }
}

// MARK: - Boxes

@usableFromInline
class AnyDatasetBox<Element> {
  var cardinality: Cardinality { fatalError("abstract") }
  func makeIterator(epoch: Int) -> AnyDatasetIterator<Element> { fatalError("abstract") }
  func makeIterator(restoring state: ErasedState) throws -> AnyDatasetIterator<Element> {
    fatalError("abstract")
  }
}

final class ConcreteDatasetBox<D: Dataset>: AnyDatasetBox<D.Element> {
  let dataset: D
  init(_ dataset: D) { self.dataset = dataset }

  override var cardinality: Cardinality { dataset.cardinality }

  override func makeIterator(epoch: Int) -> AnyDatasetIterator<D.Element> {
    AnyDatasetIterator(box: ConcreteIteratorBox<D.Iterator>(dataset.makeIterator(epoch: epoch)))
  }

  override func makeIterator(restoring state: ErasedState) throws -> AnyDatasetIterator<D.Element> {
    let typed = try state.decode(D.Iterator.State.self)
    return AnyDatasetIterator(box: ConcreteIteratorBox(try dataset.makeIterator(restoring: typed)))
  }
}

@usableFromInline
class AnyIteratorBox<Element> {
  @usableFromInline func next() throws -> Element? { fatalError("abstract") }
  func checkpoint() throws -> ErasedState { fatalError("abstract") }
  func skip(_ count: Int) throws -> Int { fatalError("abstract") }
}

final class ConcreteIteratorBox<I: DatasetIterator>: AnyIteratorBox<I.Element> {
  var iterator: I
  init(_ iterator: I) { self.iterator = iterator }
  override func next() throws -> I.Element? { try iterator.next() }
  override func checkpoint() throws -> ErasedState { ErasedState(try iterator.checkpoint()) }
  override func skip(_ count: Int) throws -> Int { try iterator.skip(count) }
}
