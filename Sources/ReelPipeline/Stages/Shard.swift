extension Dataset {
  /// Keeps element `i` when `i % count == index` (tf.data's `shard`), for splitting work
  /// among `count` workers. Apply it early (to file lists) so workers do not read what they drop.
  ///
  ///     Datasets.range(0..<10).shard(count: 3, index: 1)   // 1, 4, 7
  ///
  /// `count < 1` or `index` outside `0..<count` is reported by the first `next()`.
  ///
  /// - Complexity: skips `count - 1` elements between outputs, O(1) each for sources and `map`.
  @inlinable
  public func shard(count: Int, index: Int) -> Shard<Self> {
    Shard(base: self, count: count, index: index)
  }
}

/// Every `count`-th element starting at `index`. Build with ``Dataset/shard(count:index:)``.
public struct Shard<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let count: Int
  @usableFromInline let index: Int

  @inlinable init(base: Base, count: Int, index: Int) {
    self.base = base
    self.count = count
    self.index = index
  }

  @inlinable
  public var cardinality: Cardinality {
    guard count >= 1, (0..<count).contains(index) else { return .unknown }
    return base.cardinality.mapFinite { $0 / count + (index < $0 % count ? 1 : 0) }
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(dataset: self, base: base.makeIterator(epoch: epoch), toSkip: index)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>) throws -> Iterator {
    Iterator(
      dataset: self, base: try base.makeIterator(restoring: state.upstream), toSkip: state.index)
  }

  /// The iterator of a ``Shard``; its state's `index` is how many upstream elements to skip
  /// before the next output.
  public struct Iterator: DatasetIterator {
    @usableFromInline let dataset: Shard
    @usableFromInline var base: Base.Iterator
    @usableFromInline var toSkip: Int

    @inlinable init(dataset: Shard, base: Base.Iterator, toSkip: Int) {
      self.dataset = dataset
      self.base = base
      self.toSkip = toSkip
    }

    @inlinable
    public mutating func next() throws -> Element? {
      guard dataset.count >= 1, (0..<dataset.count).contains(dataset.index) else {
        throw PipelineError.invalidArgument(
          stage: "shard",
          "index must be in 0..<count, got index \(dataset.index), count \(dataset.count)")
      }
      if toSkip > 0 {
        let n = toSkip
        toSkip = 0
        guard try base.skip(n) == n else { return nil }
      }
      guard let value = try base.next() else { return nil }
      toSkip = dataset.count - 1
      return value
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State> {
      IndexedState(upstream: try base.checkpoint(), index: toSkip)
    }
  }
}
