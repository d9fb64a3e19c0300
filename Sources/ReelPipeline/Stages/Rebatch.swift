extension Dataset where Element: RowBatch {
  /// Re-cuts upstream batches into batches of `size` rows (tf.data's `rebatch`): the same
  /// batches as `unbatch().batch(size:)`, built by slicing and concatenating whole batches
  /// (one copy instead of two). The last, partial batch is kept unless `dropRemainder`.
  ///
  ///     Datasets.range(0..<7).batch(size: 4).rebatch(size: 3)   // [0, 1, 2], [3, 4, 5], [6]
  ///
  /// Works for any ``RowBatch``: arrays and ``FeatureBatch``es. A `size` below 1 is reported by
  /// the first `next()`. Cardinality is `.unknown` for a finite upstream, as in tf.data.
  ///
  /// - Complexity: O(rows) per batch; a batch that is exactly one upstream batch is not copied.
  @inlinable
  public func rebatch(size: Int, dropRemainder: Bool = false) -> Rebatch<Self> {
    Rebatch(
      base: self, sizes: [size], dropRemainder: dropRemainder,
      argumentError: argumentError(size >= 1, "rebatch", "size must be at least 1, got \(size)"))
  }

  /// Re-cuts upstream batches into batches whose sizes cycle through `sizes` (tf.data's
  /// `rebatch` with a list of batch sizes). A size of 0 produces an empty batch
  /// (`Element.concatenating([])`). A batch cut short by the end of the input is kept unless
  /// `dropRemainder`, and ends the pass.
  ///
  ///     Datasets.range(0..<8).batch(size: 4).rebatch(sizes: [2, 1, 1])
  ///     // [0, 1], [2], [3], [4, 5], [6], [7]
  ///     Datasets.range(0..<6).batch(size: 2).rebatch(sizes: [3, 0])
  ///     // [0, 1, 2], [], [3, 4, 5], []
  ///
  /// `sizes` must be non-empty, non-negative and contain a positive size; otherwise the first
  /// `next()` throws ``PipelineError/invalidArgument(stage:_:)``.
  ///
  /// - Complexity: O(rows) per batch.
  @inlinable
  public func rebatch(sizes: [Int], dropRemainder: Bool = false) -> Rebatch<Self> {
    let error: PipelineError?
    if sizes.isEmpty || sizes.contains(where: { $0 < 0 }) || !sizes.contains(where: { $0 > 0 }) {
      error = .invalidArgument(
        stage: "rebatch", "sizes must be non-negative with at least one positive, got \(sizes)")
    } else {
      error = nil
    }
    return Rebatch(base: self, sizes: sizes, dropRemainder: dropRemainder, argumentError: error)
  }
}

/// Batches re-cut from upstream ``RowBatch``es. Build with ``Dataset/rebatch(size:dropRemainder:)``
/// or ``Dataset/rebatch(sizes:dropRemainder:)``.
public struct Rebatch<Base: Dataset>: Dataset where Base.Element: RowBatch {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let sizes: [Int]
  @usableFromInline let dropRemainder: Bool
  @usableFromInline let argumentError: PipelineError?

  @inlinable
  init(base: Base, sizes: [Int], dropRemainder: Bool, argumentError: PipelineError?) {
    self.base = base
    self.sizes = sizes
    self.dropRemainder = dropRemainder
    self.argumentError = argumentError
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(dataset: self, base: base.makeIterator(epoch: epoch))
  }

  @inlinable
  public func makeIterator(restoring state: RebatchState<Base.Iterator.State>) throws -> Iterator {
    var iterator = Iterator(dataset: self, base: try base.makeIterator(restoring: state.upstream))
    guard sizes.indices.contains(state.sizeIndex) || argumentError != nil else {
      throw PipelineError.invalidState(stage: "rebatch", "size index \(state.sizeIndex)")
    }
    iterator.sizeIndex = state.sizeIndex
    iterator.batchIndex = state.batchIndex
    iterator.ended = state.upstreamEnded
    if let offset = state.offset {
      guard let batch = try iterator.base.next(), offset > 0, offset < batch.rowCount else {
        throw PipelineError.invalidState(
          stage: "rebatch", "batch \(state.batchIndex) has no row at offset \(offset)")
      }
      iterator.current = (batch, offset, .success(state.upstream))
    }
    return iterator
  }

  @inlinable
  public var cardinality: Cardinality {
    base.cardinality == .infinite ? .infinite : .unknown
  }

  /// The iterator of a ``Rebatch``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let sizes: [Int]
    @usableFromInline let dropRemainder: Bool
    @usableFromInline let argumentError: PipelineError?
    /// The partly used upstream batch, its first unused row and the upstream state before it.
    @usableFromInline var current:
      (batch: Base.Element, offset: Int, before: Result<Base.Iterator.State, any Error>)?
    /// Index within the pass of the current upstream batch (or of the next one).
    @usableFromInline var batchIndex = 0
    @usableFromInline var sizeIndex = 0
    @usableFromInline var ended = false

    @inlinable
    init(dataset: Rebatch, base: Base.Iterator) {
      self.base = base
      self.sizes = dataset.sizes
      self.dropRemainder = dataset.dropRemainder
      self.argumentError = dataset.argumentError
    }

    @inlinable
    public mutating func next() throws -> Base.Element? {
      if let argumentError { throw argumentError }
      if ended { return nil }
      let desired = sizes[sizeIndex]
      sizeIndex = (sizeIndex + 1) % sizes.count
      let firstBatch = batchIndex
      var parts: [Base.Element] = []
      var count = 0
      while count < desired {
        if current == nil {
          let before = Result { try base.checkpoint() }
          guard let batch = try base.next() else {
            ended = true
            break
          }
          guard batch.rowCount > 0 else {
            batchIndex += 1
            continue
          }
          current = (batch, 0, before)
        }
        guard let (batch, offset, before) = current else { break }
        let end = Swift.min(offset + desired - count, batch.rowCount)
        parts.append(offset == 0 && end == batch.rowCount ? batch : batch.rows(offset..<end))
        count += end - offset
        if end == batch.rowCount {
          current = nil
          batchIndex += 1
        } else {
          current = (batch, end, before)
        }
      }
      if (count == 0 && desired > 0) || (dropRemainder && count < desired) { return nil }
      if parts.count == 1 { return parts[0] }
      return try PipelineError.wrap("rebatch", firstBatch) { try Base.Element.concatenating(parts) }
    }

    @inlinable
    public func checkpoint() throws -> RebatchState<Base.Iterator.State> {
      guard let (_, offset, before) = current else {
        return RebatchState(
          upstream: try base.checkpoint(), offset: nil, batchIndex: batchIndex,
          sizeIndex: sizeIndex, upstreamEnded: ended)
      }
      return RebatchState(
        upstream: try before.get(), offset: offset, batchIndex: batchIndex, sizeIndex: sizeIndex,
        upstreamEnded: ended)
    }
  }
}

/// The saved position of a ``Rebatch``: the upstream position before the partly used upstream
/// batch (or the current one when none is held), the rows of it already used, and where the
/// cycle of sizes is. Restoring re-reads at most one upstream batch.
public struct RebatchState<Upstream: Codable>: Codable {
  public var upstream: Upstream
  /// Rows of the held upstream batch already handed out; nil when no batch is held.
  public var offset: Int?
  /// Index within the pass of the held (or next) upstream batch, for error messages.
  public var batchIndex: Int
  /// Index into the cycled sizes of the next output batch.
  public var sizeIndex: Int
  /// Whether the upstream reported its end (a batch cut short ends the pass).
  public var upstreamEnded: Bool

  @inlinable
  public init(
    upstream: Upstream, offset: Int?, batchIndex: Int, sizeIndex: Int, upstreamEnded: Bool
  ) {
    self.upstream = upstream
    self.offset = offset
    self.batchIndex = batchIndex
    self.sizeIndex = sizeIndex
    self.upstreamEnded = upstreamEnded
  }
}
