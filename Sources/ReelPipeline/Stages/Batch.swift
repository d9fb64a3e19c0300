extension Dataset {
  /// Groups consecutive elements into arrays of `size` (tf.data's `batch`). The last, partial
  /// batch is kept unless `dropRemainder` is true.
  ///
  ///     Datasets.range(0..<7).batch(size: 3)                       // [0, 1, 2], [3, 4, 5], [6]
  ///     Datasets.range(0..<7).batch(size: 3, dropRemainder: true)  // [0, 1, 2], [3, 4, 5]
  ///
  /// For columnar ``FeatureBatch``es see ``batch(size:dropRemainder:columns:)``.
  /// A `size` below 1 is reported by the first `next()`.
  ///
  /// - Complexity: O(`size`) per batch; one array allocation per batch.
  @inlinable
  public func batch(size: Int, dropRemainder: Bool = false) -> Batch<Self> {
    Batch(base: self, size: size, dropRemainder: dropRemainder)
  }
}

/// A dataset of arrays of consecutive upstream elements. Build with ``Dataset/batch(size:dropRemainder:)``.
public struct Batch<Base: Dataset>: Dataset {
  public typealias Element = [Base.Element]
  @usableFromInline let base: Base
  @usableFromInline let size: Int
  @usableFromInline let dropRemainder: Bool

  @inlinable init(base: Base, size: Int, dropRemainder: Bool) {
    self.base = base
    self.size = size
    self.dropRemainder = dropRemainder
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), size: size, dropRemainder: dropRemainder)
  }

  @inlinable
  public func makeIterator(restoring state: Base.Iterator.State) throws -> Iterator {
    Iterator(
      base: try base.makeIterator(restoring: state), size: size, dropRemainder: dropRemainder)
  }

  @inlinable
  public var cardinality: Cardinality {
    guard size > 0 else { return .unknown }
    return base.cardinality.mapFinite { dropRemainder ? $0 / size : ($0 + size - 1) / size }
  }

  /// The iterator of a ``Batch``; its state is the upstream state at the batch boundary.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let size: Int
    @usableFromInline let dropRemainder: Bool

    @inlinable init(base: Base.Iterator, size: Int, dropRemainder: Bool) {
      self.base = base
      self.size = size
      self.dropRemainder = dropRemainder
    }

    @inlinable
    public mutating func next() throws -> [Base.Element]? {
      guard size > 0 else {
        throw PipelineError.invalidArgument(stage: "batch", "size must be at least 1, got \(size)")
      }
      var batch: [Base.Element] = []
      batch.reserveCapacity(size)
      while batch.count < size, let value = try base.next() { batch.append(value) }
      if batch.isEmpty || (dropRemainder && batch.count < size) { return nil }
      return batch
    }

    @inlinable public func checkpoint() throws -> Base.Iterator.State { try base.checkpoint() }
  }
}
