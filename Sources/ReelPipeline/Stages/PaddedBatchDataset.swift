extension Dataset {
  /// Groups consecutive variable-length rows into ``PaddedBatch``es (tf.data's `padded_batch`
  /// for 1-D elements): every row is padded with `paddingValue` to the longest row of its batch,
  /// or to `paddedLength` when given. The last, partial batch is kept unless `dropRemainder`.
  ///
  ///     Datasets.from([[1], [2, 2], [3, 3, 3]]).paddedBatch(size: 2, paddingValue: 0)
  ///     // [[1, 0], [2, 2]], [[3, 3, 3]]
  ///     Datasets.from([[1], [2, 2], [3, 3, 3]])
  ///       .paddedBatch(size: 2, paddedLength: 4, paddingValue: -1)
  ///     // [[1, -1, -1, -1], [2, 2, -1, -1]], [[3, 3, 3, -1]]
  ///
  /// A row longer than `paddedLength` fails the pass with
  /// ``PipelineError/stage(_:elementIndex:underlying:)`` (stage `"paddedBatch"`, the row's
  /// element index, a ``PaddingError``), as tf.data fails with "Attempted to pad to a smaller
  /// size than the input element". A `size` below 1 or a negative `paddedLength` is reported
  /// by the first `next()`.
  ///
  /// - Complexity: O(`size * width`) per batch; one values array per batch.
  @inlinable
  public func paddedBatch<T>(
    size: Int, paddedLength: Int? = nil, paddingValue: T, dropRemainder: Bool = false
  ) -> PaddedBatchDataset<Self, T> where Element == [T] {
    PaddedBatchDataset(
      base: self, size: size, paddedLength: paddedLength, paddingValue: paddingValue,
      dropRemainder: dropRemainder)
  }
}

/// A dataset of padded batches of upstream rows. Build with
/// ``Dataset/paddedBatch(size:paddedLength:paddingValue:dropRemainder:)``.
public struct PaddedBatchDataset<Base: Dataset, T>: Dataset where Base.Element == [T] {
  public typealias Element = PaddedBatch<T>
  @usableFromInline let base: Base
  @usableFromInline let size: Int
  @usableFromInline let paddedLength: Int?
  @usableFromInline let paddingValue: T
  @usableFromInline let dropRemainder: Bool

  @inlinable
  init(base: Base, size: Int, paddedLength: Int?, paddingValue: T, dropRemainder: Bool) {
    self.base = base
    self.size = size
    self.paddedLength = paddedLength
    self.paddingValue = paddingValue
    self.dropRemainder = dropRemainder
  }

  @inlinable
  var argumentError: PipelineError? {
    if size < 1 {
      return .invalidArgument(stage: "paddedBatch", "size must be at least 1, got \(size)")
    }
    if let paddedLength, paddedLength < 0 {
      return .invalidArgument(
        stage: "paddedBatch", "paddedLength must not be negative, got \(paddedLength)")
    }
    return nil
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(dataset: self, base: base.makeIterator(epoch: epoch), index: 0)
  }

  @inlinable
  public func makeIterator(restoring state: IndexedState<Base.Iterator.State>) throws -> Iterator {
    Iterator(
      dataset: self, base: try base.makeIterator(restoring: state.upstream), index: state.index)
  }

  @inlinable
  public var cardinality: Cardinality {
    guard size > 0 else { return .unknown }
    return base.cardinality.mapFinite { dropRemainder ? $0 / size : ($0 + size - 1) / size }
  }

  /// The iterator of a ``PaddedBatchDataset``; its state is the upstream state at the batch
  /// boundary plus the index of the next row (so that errors name the right element).
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let size: Int
    @usableFromInline let paddedLength: Int?
    @usableFromInline let paddingValue: T
    @usableFromInline let dropRemainder: Bool
    @usableFromInline let argumentError: PipelineError?
    @usableFromInline var index: Int

    @inlinable
    init(dataset: PaddedBatchDataset, base: Base.Iterator, index: Int) {
      self.base = base
      self.size = dataset.size
      self.paddedLength = dataset.paddedLength
      self.paddingValue = dataset.paddingValue
      self.dropRemainder = dataset.dropRemainder
      self.argumentError = dataset.argumentError
      self.index = index
    }

    @inlinable
    public mutating func next() throws -> PaddedBatch<T>? {
      if let argumentError { throw argumentError }
      let first = index
      var rows: [[T]] = []
      rows.reserveCapacity(size)
      while rows.count < size, let row = try base.next() { rows.append(row) }
      index += rows.count
      if rows.isEmpty || (dropRemainder && rows.count < size) { return nil }
      let longest = rows.reduce(0) { Swift.max($0, $1.count) }
      let width = paddedLength ?? longest
      if longest > width, let i = rows.firstIndex(where: { $0.count > width }) {
        throw PipelineError.stage(
          "paddedBatch", elementIndex: first + i,
          underlying: PaddingError.rowTooLong(row: i, length: rows[i].count, width: width))
      }
      return PaddedBatch(uncheckedRows: rows, width: width, paddingValue: paddingValue)
    }

    @inlinable
    public func checkpoint() throws -> IndexedState<Base.Iterator.State> {
      IndexedState(upstream: try base.checkpoint(), index: index)
    }
  }
}
