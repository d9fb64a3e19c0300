extension Dataset {
  /// Keeps the elements for which `isIncluded` returns true (tf.data's `filter`).
  ///
  ///     Datasets.range(0..<6).filter { $0.isMultiple(of: 2) }   // 0, 2, 4
  ///
  /// The cardinality becomes `.unknown`, as in tf.data.
  @inlinable
  public func filter(_ isIncluded: @escaping (Element) throws -> Bool) -> Filter<Self> {
    Filter(base: self, isIncluded: isIncluded)
  }
}

/// A dataset of the upstream elements that pass a predicate. Build with ``Dataset/filter(_:)``.
public struct Filter<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let isIncluded: (Base.Element) throws -> Bool

  @inlinable init(base: Base, isIncluded: @escaping (Base.Element) throws -> Bool) {
    self.base = base
    self.isIncluded = isIncluded
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), isIncluded: isIncluded, index: 0)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>) throws -> Iterator {
    Iterator(
      base: try base.makeIterator(restoring: state.upstream), isIncluded: isIncluded,
      index: state.index)
  }

  @inlinable public var cardinality: Cardinality { .unknown }

  /// The iterator of a ``Filter``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let isIncluded: (Base.Element) throws -> Bool
    @usableFromInline var index: Int

    @inlinable
    init(base: Base.Iterator, isIncluded: @escaping (Base.Element) throws -> Bool, index: Int) {
      self.base = base
      self.isIncluded = isIncluded
      self.index = index
    }

    @inlinable
    public mutating func next() throws -> Element? {
      while let value = try base.next() {
        let i = index
        index += 1
        let keep: Bool
        do { keep = try isIncluded(value) } catch {
          throw PipelineError.located(error, stage: "filter", index: i)
        }
        if keep { return value }
      }
      return nil
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State> {
      IndexedState(upstream: try base.checkpoint(), index: index)
    }
  }
}
