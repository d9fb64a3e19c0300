extension Dataset {
  /// The leading elements for which `predicate` holds (tf.data's `take_while`).
  ///
  ///     Datasets.range(0..<10).takeWhile { $0 < 3 }   // 0, 1, 2
  ///
  /// Cardinality becomes `.unknown`, as in tf.data.
  @inlinable
  public func takeWhile(_ predicate: @escaping (Element) throws -> Bool) -> TakeWhile<Self> {
    TakeWhile(base: self, predicate: predicate)
  }
}

/// The leading elements that satisfy a predicate. Build with ``Dataset/takeWhile(_:)``.
public struct TakeWhile<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let predicate: (Base.Element) throws -> Bool

  @inlinable init(base: Base, predicate: @escaping (Base.Element) throws -> Bool) {
    self.base = base
    self.predicate = predicate
  }

  @inlinable public var cardinality: Cardinality { .unknown }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), predicate: predicate, index: 0)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>?) throws -> Iterator {
    guard let state else {
      var done = makeIterator(epoch: 0)
      done.finished = true
      return done
    }
    return Iterator(
      base: try base.makeIterator(restoring: state.upstream), predicate: predicate,
      index: state.index)
  }

  /// The iterator of a ``TakeWhile``; its state is nil once the predicate has failed.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let predicate: (Base.Element) throws -> Bool
    @usableFromInline var index: Int
    @usableFromInline var finished = false

    @inlinable
    init(base: Base.Iterator, predicate: @escaping (Base.Element) throws -> Bool, index: Int) {
      self.base = base
      self.predicate = predicate
      self.index = index
    }

    @inlinable
    public mutating func next() throws -> Element? {
      guard !finished, let value = try base.next() else { return nil }
      let i = index
      index += 1
      let keep = try PipelineError.wrap("takeWhile", i) { try predicate(value) }
      if !keep { finished = true }
      return keep ? value : nil
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State>? {
      finished ? nil : IndexedState(upstream: try base.checkpoint(), index: index)
    }
  }
}
