extension Dataset {
  /// Applies `transform` to every element, in order, on the calling thread (tf.data's `map`
  /// without `num_parallel_calls`). See ``map(parallelism:deterministic:_:)`` for the parallel form.
  ///
  ///     Datasets.range(0..<3).map { $0 * 10 }   // 0, 10, 20
  ///
  /// An error thrown by `transform` reaches `next()` as ``PipelineError/stage(_:elementIndex:underlying:)``
  /// with stage `"map"`.
  ///
  /// - Complexity: O(1) overhead per element; skipping does not call `transform`.
  @inlinable
  public func map<T>(_ transform: @escaping (Element) throws -> T) -> Map<Self, T> {
    Map(base: self, transform: transform)
  }
}

/// A dataset whose elements are the upstream's, transformed. Build with ``Dataset/map(_:)``.
public struct Map<Base: Dataset, Element>: Dataset {
  @usableFromInline let base: Base
  @usableFromInline let transform: (Base.Element) throws -> Element

  @inlinable init(base: Base, transform: @escaping (Base.Element) throws -> Element) {
    self.base = base
    self.transform = transform
  }

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

  @inlinable public var cardinality: Cardinality { base.cardinality }

  /// The iterator of a ``Map``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let transform: (Base.Element) throws -> Element
    @usableFromInline var index: Int

    @inlinable
    init(base: Base.Iterator, transform: @escaping (Base.Element) throws -> Element, index: Int) {
      self.base = base
      self.transform = transform
      self.index = index
    }

    @inlinable
    public mutating func next() throws -> Element? {
      guard let value = try base.next() else { return nil }
      let i = index
      index += 1
      do {
        return try transform(value)
      } catch {
        throw PipelineError.located(error, stage: "map", index: i)
      }
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
