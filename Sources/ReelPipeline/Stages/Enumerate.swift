extension Dataset {
  /// Pairs each element with its position, counting from `start` (tf.data's `enumerate`).
  ///
  ///     Datasets.from(["a", "b"]).enumerate()   // (0, "a"), (1, "b")
  @inlinable
  public func enumerate(start: Int = 0) -> Enumerate<Self> {
    Enumerate(base: self, start: start)
  }
}

/// Elements paired with their index. Build with ``Dataset/enumerate(start:)``.
public struct Enumerate<Base: Dataset>: Dataset {
  public typealias Element = (index: Int, element: Base.Element)
  @usableFromInline let base: Base
  @usableFromInline let start: Int

  @inlinable init(base: Base, start: Int) {
    self.base = base
    self.start = start
  }

  @inlinable public var cardinality: Cardinality { base.cardinality }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), index: start)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>) throws -> Iterator {
    Iterator(base: try base.makeIterator(restoring: state.upstream), index: state.index)
  }

  /// The iterator of an ``Enumerate``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline var index: Int

    @inlinable init(base: Base.Iterator, index: Int) {
      self.base = base
      self.index = index
    }

    @inlinable
    public mutating func next() throws -> Element? {
      guard let value = try base.next() else { return nil }
      defer { index += 1 }
      return (index, value)
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State> {
      IndexedState(upstream: try base.checkpoint(), index: index)
    }

    @inlinable
    public mutating func skip(_ count: Int) throws -> Int {
      let n = try base.skip(count)
      index += n
      return n
    }
  }
}
