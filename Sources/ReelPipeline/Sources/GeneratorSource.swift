extension Datasets {
  /// A dataset whose element `i` is `element(i)`, for `i` in `0..<count` (or forever when
  /// `count` is nil). Because elements are a function of their index, skipping and restoring
  /// are O(1).
  ///
  ///     Datasets.generate(count: 3) { i in i * i }   // 0, 1, 4
  @inlinable
  public static func generate<Element>(
    count: Int?, _ element: @escaping (Int) throws -> Element
  ) -> IndexedGeneratorDataset<Element> {
    IndexedGeneratorDataset(count: count, element: element)
  }

  /// A dataset produced by a stateful generator (tf.data's `from_generator`). `makeGenerator`
  /// is called once per pass with the epoch and returns a closure that yields the next element
  /// or `nil` at the end.
  ///
  ///     Datasets.generator { epoch in
  ///       var n = 0
  ///       return { n < 3 ? { n += 1; return n }() : nil }
  ///     }   // 1, 2, 3
  ///
  /// A generator's internal state cannot be saved, so a restored iterator replays the pass up
  /// to the saved position: restore is O(position) and requires the generator to be
  /// deterministic for a given epoch.
  @inlinable
  public static func generator<Element>(
    _ makeGenerator: @escaping (_ epoch: Int) -> () throws -> Element?
  ) -> GeneratorDataset<Element> {
    GeneratorDataset(makeGenerator: makeGenerator)
  }
}

/// A dataset computed from the element index. Build with ``Datasets/generate(count:_:)``.
public struct IndexedGeneratorDataset<Element>: Dataset {
  @usableFromInline let count: Int?
  @usableFromInline let element: (Int) throws -> Element

  @inlinable init(count: Int?, element: @escaping (Int) throws -> Element) {
    self.count = count
    self.element = element
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(count: count, element: element, position: 0)
  }

  @inlinable
  public func makeIterator(restoring state: Int) throws -> Iterator {
    guard state >= 0 else {
      throw PipelineError.invalidState(stage: "generate", "negative position")
    }
    return Iterator(count: count, element: element, position: state)
  }

  @inlinable
  public var cardinality: Cardinality { count.map { .finite(max(0, $0)) } ?? .infinite }

  /// The iterator of an ``IndexedGeneratorDataset``; its state is the next index.
  public struct Iterator: DatasetIterator {
    @usableFromInline let count: Int?
    @usableFromInline let element: (Int) throws -> Element
    @usableFromInline var position: Int

    @inlinable init(count: Int?, element: @escaping (Int) throws -> Element, position: Int) {
      self.count = count
      self.element = element
      self.position = position
    }

    @inlinable
    public mutating func next() throws -> Element? {
      if let count, position >= count { return nil }
      let index = position
      position += 1
      return try PipelineError.wrap("generate", index) { try element(index) }
    }

    @inlinable public func checkpoint() -> Int { position }

    @inlinable
    public mutating func skip(_ n: Int) -> Int {
      let k = count.map { max(0, min(n, $0 - position)) } ?? max(0, n)
      position += k
      return k
    }
  }
}

/// A dataset produced by a stateful generator closure. Build with ``Datasets/generator(_:)``.
public struct GeneratorDataset<Element>: Dataset {
  @usableFromInline let makeGenerator: (Int) -> () throws -> Element?

  @inlinable init(makeGenerator: @escaping (Int) -> () throws -> Element?) {
    self.makeGenerator = makeGenerator
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(generate: makeGenerator(epoch), epoch: epoch, position: 0)
  }

  @inlinable
  public func makeIterator(restoring state: State) throws -> Iterator {
    var iterator = makeIterator(epoch: state.epoch)
    let skipped = try iterator.skip(state.position)
    guard skipped == state.position else {
      throw PipelineError.invalidState(
        stage: "generator", "the generator ended after \(skipped) of \(state.position) elements")
    }
    return iterator
  }

  @inlinable public var cardinality: Cardinality { .unknown }

  /// A generator's saved position: the pass and how many elements it has produced.
  public struct State: Codable, Hashable, Sendable {
    public var epoch: Int
    public var position: Int

    @inlinable public init(epoch: Int, position: Int) {
      self.epoch = epoch
      self.position = position
    }
  }

  /// The iterator of a ``GeneratorDataset``.
  public struct Iterator: DatasetIterator {
    @usableFromInline let generate: () throws -> Element?
    @usableFromInline let epoch: Int
    @usableFromInline var position: Int
    @usableFromInline var finished = false

    @inlinable init(generate: @escaping () throws -> Element?, epoch: Int, position: Int) {
      self.generate = generate
      self.epoch = epoch
      self.position = position
    }

    @inlinable
    public mutating func next() throws -> Element? {
      if finished { return nil }
      let index = position
      guard let value = try PipelineError.wrap("generator", index, generate) else {
        finished = true
        return nil
      }
      position += 1
      return value
    }

    @inlinable public func checkpoint() -> State { State(epoch: epoch, position: position) }
  }
}
