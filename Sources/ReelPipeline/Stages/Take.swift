extension Dataset {
  /// The first `count` elements (tf.data's `take`); a negative `count` (tf.data's `-1`) takes
  /// all of them.
  ///
  ///     Datasets.range(0..<10).take(3)   // 0, 1, 2
  @inlinable
  public func take(_ count: Int) -> Take<Self> { Take(base: self, count: count) }
}

/// The first elements of a dataset. Build with ``Dataset/take(_:)``.
public struct Take<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let count: Int

  @inlinable init(base: Base, count: Int) {
    self.base = base
    self.count = count
  }

  @inlinable
  public var cardinality: Cardinality {
    guard count >= 0 else { return base.cardinality }
    switch base.cardinality {
    case .finite(let n): return .finite(min(n, count))
    case .infinite: return .finite(count)
    case .unknown: return count == 0 ? .finite(0) : .unknown
    }
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), remaining: count < 0 ? Int.max : count)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>) throws -> Iterator {
    Iterator(base: try base.makeIterator(restoring: state.upstream), remaining: state.index)
  }

  /// The iterator of a ``Take``; its state's `index` is the number of elements still to take.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline var remaining: Int

    @inlinable init(base: Base.Iterator, remaining: Int) {
      self.base = base
      self.remaining = remaining
    }

    @inlinable
    public mutating func next() throws -> Element? {
      guard remaining > 0, let value = try base.next() else { return nil }
      remaining -= 1
      return value
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State> {
      IndexedState(upstream: try base.checkpoint(), index: remaining)
    }

    @inlinable
    public mutating func skip(_ n: Int) throws -> Int {
      let k = try base.skip(min(max(0, n), remaining))
      remaining -= k
      return k
    }
  }
}
