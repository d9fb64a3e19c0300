extension Dataset {
  /// Batches variable-length rows by length bucket (tf.data's `bucket_by_sequence_length`):
  /// bucket `i` holds the rows whose `length` lies in `[boundaries[i - 1], boundaries[i])`
  /// (the first bucket starts at `Int.min`, the last has no upper bound), and a bucket is emitted
  /// as a ``PaddedBatch`` as soon as it holds `batchSizes[i]` rows. At the end of the input the
  /// partial buckets are emitted in bucket order, unless `dropRemainder`. This is
  /// ``groupByWindow(key:windowSizeForKey:reduce:)`` with the bucket as key.
  ///
  ///     Datasets.from([[1], [2, 2, 2, 2], [3, 3, 3], [4, 4, 4, 4, 4], [5, 5]])
  ///       .bucketBySequenceLength(boundaries: [3, 5], batchSizes: [2, 2, 2], paddingValue: 0)
  ///     // [[2, 2, 2, 2], [3, 3, 3, 0]], [[1, 0], [5, 5]], [[4, 4, 4, 4, 4]]
  ///
  /// Rows are padded to the longest row of their batch, or with `padToBucketBoundary` to
  /// `boundaries[i] - 1`; then every length must be below the last boundary. tf.data raises that
  /// error when the last bucket's batch is formed; Reel raises it at the element
  /// (``PipelineError/stage(_:elementIndex:underlying:)`` with
  /// ``PaddingError/beyondLastBoundary(length:boundary:)``).
  ///
  /// `batchSizes.count` must be `boundaries.count + 1`, the boundaries strictly increasing and
  /// the batch sizes at least 1; otherwise the first `next()` throws
  /// ``PipelineError/invalidArgument(stage:_:)``. Cardinality is `.unknown`, as in tf.data.
  ///
  /// - Parameters:
  ///   - length: The length that chooses an element's bucket; defaults to the row's count.
  ///   - boundaries: Upper length boundaries of the buckets, strictly increasing.
  ///   - batchSizes: The batch size of every bucket (`boundaries.count + 1` values).
  ///   - paddingValue: The value padded rows are filled with.
  ///   - padToBucketBoundary: Pad to `boundaries[i] - 1` instead of to the longest row.
  ///   - dropRemainder: Drop the partial batches left at the end of the input.
  /// - Complexity: O(1) amortized per element plus O(`batchSize * width`) per batch.
  @inlinable
  public func bucketBySequenceLength<T>(
    length: @escaping ([T]) throws -> Int = { $0.count }, boundaries: [Int], batchSizes: [Int],
    paddingValue: T, padToBucketBoundary: Bool = false, dropRemainder: Bool = false
  ) -> BucketBySequenceLength<Self, T> where Element == [T] {
    BucketBySequenceLength(
      base: self, length: length, boundaries: boundaries, batchSizes: batchSizes,
      paddingValue: paddingValue, padToBucketBoundary: padToBucketBoundary,
      dropRemainder: dropRemainder)
  }
}

/// Padded batches of rows of similar length. Build with
/// `bucketBySequenceLength(length:boundaries:batchSizes:paddingValue:...)` on ``Dataset``.
public struct BucketBySequenceLength<Base: Dataset, T>: Dataset where Base.Element == [T] {
  public typealias Element = PaddedBatch<T>
  @usableFromInline let grouped: GroupByWindow<Base, PaddedBatch<T>?>

  @inlinable
  init(
    base: Base, length: @escaping ([T]) throws -> Int, boundaries: [Int], batchSizes: [Int],
    paddingValue: T, padToBucketBoundary: Bool, dropRemainder: Bool
  ) {
    let stage = "bucketBySequenceLength"
    let error: PipelineError?
    if batchSizes.count != boundaries.count + 1 {
      error = .invalidArgument(
        stage: stage,
        "batchSizes.count must be boundaries.count + 1, got \(batchSizes.count) batch sizes for "
          + "\(boundaries.count) boundaries")
    } else if Swift.zip(boundaries, boundaries.dropFirst()).contains(where: { $0 >= $1 }) {
      error = .invalidArgument(
        stage: stage, "boundaries must be strictly increasing: \(boundaries)")
    } else if let bad = batchSizes.first(where: { $0 < 1 }) {
      error = .invalidArgument(stage: stage, "batch sizes must be at least 1, got \(bad)")
    } else {
      error = nil
    }
    let bucket: ([T]) throws -> Int = { row in
      let n = try length(row)
      let i = boundaries.firstIndex(where: { n < $0 }) ?? boundaries.count
      if padToBucketBoundary, i == boundaries.count {
        throw PaddingError.beyondLastBoundary(length: n, boundary: boundaries.last ?? Int.min)
      }
      return i
    }
    let batch: (Int, [[T]]) throws -> PaddedBatch<T>? = { i, rows in
      if dropRemainder, rows.count < batchSizes[i] { return nil }
      if padToBucketBoundary {
        return try PaddedBatch(rows: rows, width: boundaries[i] - 1, paddingValue: paddingValue)
      }
      return try PaddedBatch(rows: rows, paddingValue: paddingValue)
    }
    grouped = GroupByWindow(
      base: base, stage: stage, key: bucket, windowSize: { batchSizes[$0] }, reduce: batch,
      argumentError: error)
  }

  @inlinable public var cardinality: Cardinality { .unknown }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(grouped: grouped.makeIterator(epoch: epoch))
  }

  @inlinable
  public func makeIterator(restoring state: GroupByWindowState<Base.Iterator.State>) throws
    -> Iterator
  {
    Iterator(grouped: try grouped.makeIterator(restoring: state))
  }

  /// The iterator of a ``BucketBySequenceLength``; its state is that of the underlying
  /// ``GroupByWindow``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var grouped: GroupByWindow<Base, PaddedBatch<T>?>.Iterator

    @inlinable
    init(grouped: GroupByWindow<Base, PaddedBatch<T>?>.Iterator) { self.grouped = grouped }

    @inlinable
    public mutating func next() throws -> PaddedBatch<T>? {
      while let batch = try grouped.next() {
        if let batch { return batch }
      }
      return nil
    }

    @inlinable
    public func checkpoint() throws -> GroupByWindowState<Base.Iterator.State> {
      try grouped.checkpoint()
    }
  }
}
