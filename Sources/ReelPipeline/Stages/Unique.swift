extension Dataset where Element: Hashable {
  /// Drops elements seen before in the pass (tf.data's `unique`).
  ///
  ///     Datasets.from([1, 2, 1, 3, 2]).unique()   // 1, 2, 3
  ///
  /// The set of seen elements is not saved with the position: it is recomputable, so restoring
  /// replays the input up to the saved point (O(consumed)).
  ///
  /// - Complexity: O(1) expected per element; memory O(distinct elements).
  public func unique() -> Unique<Self> { Unique(base: self) }
}

/// The first occurrence of each element. Build with ``Dataset/unique()``.
public struct Unique<Base: Dataset>: Dataset where Base.Element: Hashable {
  public typealias Element = Base.Element
  let base: Base

  public var cardinality: Cardinality { .unknown }

  public func makeIterator(epoch: Int) -> Iterator {
    let upstream = base.makeIterator(epoch: epoch)
    return Iterator(base: upstream, start: Result { try upstream.checkpoint() })
  }

  public func makeIterator(restoring state: ReplayState<Base.Iterator.State>) throws -> Iterator {
    var upstream = try base.makeIterator(restoring: state.start)
    var iterator = Iterator(base: upstream, start: .success(state.start))
    for _ in 0..<state.consumed {
      guard let value = try upstream.next() else {
        throw PipelineError.invalidState(
          stage: "unique", "input ended before element \(state.consumed)")
      }
      iterator.seen.insert(value)
    }
    iterator.base = upstream
    iterator.consumed = state.consumed
    return iterator
  }

  /// The iterator of a ``Unique``.
  public struct Iterator: DatasetIterator {
    var base: Base.Iterator
    let start: Result<Base.Iterator.State, any Error>
    var seen: Set<Element> = []
    var consumed = 0

    init(base: Base.Iterator, start: Result<Base.Iterator.State, any Error>) {
      self.base = base
      self.start = start
    }

    public mutating func next() throws -> Element? {
      while let value = try base.next() {
        consumed += 1
        if seen.insert(value).inserted { return value }
      }
      return nil
    }

    public func checkpoint() throws -> ReplayState<Base.Iterator.State> {
      ReplayState(
        start: try start.get(), consumed: consumed, produced: seen.count, upstreamEnded: false)
    }
  }
}
