import Foundation

extension Dataset {
  /// Keeps the elements of the first complete pass in memory and serves every later pass from
  /// there (tf.data's `cache()` without a file name). As in tf.data, randomness upstream is
  /// frozen by the cache (put `shuffle` after it), and a pass that stops early leaves no cache:
  /// use `take(k).cache()` rather than `cache().take(k)`.
  ///
  ///     let decoded = Datasets.textLines(paths).map(parse).cache()   // parse once
  ///     for epoch in 0..<10 { try decoded.shuffle(bufferSize: 10_000, seed: 1).forEach(epoch: epoch) { ... } }
  ///
  /// Copies of the dataset share one cache; filling is thread-safe (the first complete pass wins).
  public func cache() -> Cache<Self> { Cache(base: self, storage: CacheStorage()) }
}

/// Shared storage of a ``Cache``: nil until a pass completes.
public final class CacheStorage<Element>: @unchecked Sendable {
  private let lock = NSLock()
  private var elements: [Element]?
  private var epoch = 0

  /// The cached elements and the epoch of the pass that produced them.
  var contents: (elements: [Element], epoch: Int)? {
    lock.lock()
    defer { lock.unlock() }
    return elements.map { ($0, epoch) }
  }

  func store(_ values: [Element], epoch: Int) {
    lock.lock()
    if elements == nil {
      elements = values
      self.epoch = epoch
    }
    lock.unlock()
  }
}

/// A dataset whose first complete pass is kept in memory. Build with ``Dataset/cache()``.
public struct Cache<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  let base: Base
  let storage: CacheStorage<Element>

  public var cardinality: Cardinality { base.cardinality }

  public func makeIterator(epoch: Int) -> Iterator {
    if let (elements, filledBy) = storage.contents {
      return Iterator(storage: storage, mode: .serving(elements, 0), epoch: filledBy)
    }
    return Iterator(
      storage: storage, mode: .filling(base.makeIterator(epoch: epoch), []), epoch: epoch)
  }

  public func makeIterator(restoring state: State) throws -> Iterator {
    if state.serving, let (elements, filledBy) = storage.contents, filledBy == state.epoch {
      guard state.position <= elements.count else {
        throw PipelineError.invalidState(
          stage: "cache", "position \(state.position) beyond \(elements.count)")
      }
      return Iterator(storage: storage, mode: .serving(elements, state.position), epoch: filledBy)
    }
    // The cache is not (or differently) filled in this process: recompute the cached pass.
    var upstream: Base.Iterator
    if let saved = state.upstream {
      upstream = try base.makeIterator(restoring: saved)
    } else {
      upstream = base.makeIterator(epoch: state.epoch)
      _ = try upstream.skip(state.position)
    }
    return Iterator(
      storage: storage, mode: .passThrough(upstream), epoch: state.epoch, position: state.position)
  }

  /// The saved position: the pass that filled (or fills) the cache and the index within it.
  public struct State: Codable {
    public var epoch: Int
    public var position: Int
    public var serving: Bool
    /// The upstream position while filling.
    public var upstream: Base.Iterator.State?
  }

  /// The iterator of a ``Cache``.
  public struct Iterator: DatasetIterator {
    enum Mode {
      case filling(Base.Iterator, [Element])
      case serving([Element], Int)
      case passThrough(Base.Iterator)
      case done
    }

    let storage: CacheStorage<Element>
    var mode: Mode
    let epoch: Int
    var position = 0

    init(storage: CacheStorage<Element>, mode: Mode, epoch: Int, position: Int = 0) {
      self.storage = storage
      self.mode = mode
      self.epoch = epoch
      self.position = position
      if case .serving(_, let p) = mode { self.position = p }
    }

    public mutating func next() throws -> Element? {
      switch mode {
      case .serving(let elements, let i):
        guard i < elements.count else { return nil }
        mode = .serving(elements, i + 1)
        position = i + 1
        return elements[i]
      case .filling(var upstream, var buffer):
        mode = .done  // release our reference so `buffer` grows in place
        guard let value = try upstream.next() else {
          storage.store(buffer, epoch: epoch)
          return nil
        }
        buffer.append(value)
        position += 1
        mode = .filling(upstream, buffer)
        return value
      case .passThrough(var upstream):
        mode = .done
        defer { mode = .passThrough(upstream) }
        guard let value = try upstream.next() else { return nil }
        position += 1
        return value
      case .done:
        return nil
      }
    }

    public func checkpoint() throws -> State {
      switch mode {
      case .serving: return State(epoch: epoch, position: position, serving: true, upstream: nil)
      case .filling(let upstream, _), .passThrough(let upstream):
        return State(
          epoch: epoch, position: position, serving: false, upstream: try upstream.checkpoint())
      case .done: return State(epoch: epoch, position: position, serving: false, upstream: nil)
      }
    }
  }
}
