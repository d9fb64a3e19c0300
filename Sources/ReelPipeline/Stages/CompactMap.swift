extension Dataset {
  /// Applies `transform` and keeps the non-nil results: `map` and `filter` in one stage.
  ///
  ///     Datasets.from(["1", "x", "3"]).compactMap { Int($0) }   // 1, 3
  @inlinable
  public func compactMap<T>(_ transform: @escaping (Element) throws -> T?) -> CompactMap<Self, T> {
    CompactMap(base: self, transform: transform)
  }
}

/// The non-nil results of a transform. Build with ``Dataset/compactMap(_:)``.
public struct CompactMap<Base: Dataset, Element>: Dataset {
  @usableFromInline let base: Base
  @usableFromInline let transform: (Base.Element) throws -> Element?

  @inlinable init(base: Base, transform: @escaping (Base.Element) throws -> Element?) {
    self.base = base
    self.transform = transform
  }

  @inlinable public var cardinality: Cardinality { .unknown }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), transform: transform, index: 0)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>) throws -> Iterator {
    Iterator(
      base: try base.makeIterator(restoring: state.upstream), transform: transform,
      index: state.index)
  }

  /// The iterator of a ``CompactMap``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let transform: (Base.Element) throws -> Element?
    @usableFromInline var index: Int

    @inlinable
    init(base: Base.Iterator, transform: @escaping (Base.Element) throws -> Element?, index: Int) {
      self.base = base
      self.transform = transform
      self.index = index
    }

    @inlinable
    public mutating func next() throws -> Element? {
      while let value = try base.next() {
        let i = index
        index += 1
        if let out = try PipelineError.wrap("compactMap", i, { try transform(value) }) {
          return out
        }
      }
      return nil
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State> {
      IndexedState(upstream: try base.checkpoint(), index: index)
    }
  }
}
