extension Dataset {
  /// All but the first `count` elements (tf.data's `skip`); a negative `count` skips everything.
  ///
  ///     Datasets.range(0..<5).skip(3)   // 3, 4
  ///
  /// - Complexity: O(1) for sources and one-to-one stages, which skip without computing.
  @inlinable
  public func skip(_ count: Int) -> Skip<Self> { Skip(base: self, count: count) }
}

/// A dataset without its first elements. Build with ``Dataset/skip(_:)``.
public struct Skip<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let count: Int

  @inlinable init(base: Base, count: Int) {
    self.base = base
    self.count = count
  }

  @inlinable
  public var cardinality: Cardinality {
    if count < 0 {
      if case .infinite = base.cardinality { return .infinite }
      return base.cardinality == .unknown ? .unknown : .finite(0)
    }
    return base.cardinality.mapFinite { max(0, $0 - count) }
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), toSkip: count < 0 ? Int.max : count)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>) throws -> Iterator {
    Iterator(base: try base.makeIterator(restoring: state.upstream), toSkip: state.index)
  }

  /// The iterator of a ``Skip``; its state's `index` is the number still to skip.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline var toSkip: Int

    @inlinable init(base: Base.Iterator, toSkip: Int) {
      self.base = base
      self.toSkip = toSkip
    }

    @inlinable
    public mutating func next() throws -> Element? {
      if toSkip > 0 {
        let n = toSkip
        toSkip = 0
        if try base.skip(n) < n || n == Int.max { return nil }
      }
      return try base.next()
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State> {
      IndexedState(upstream: try base.checkpoint(), index: toSkip)
    }
  }
}
