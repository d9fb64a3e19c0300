/// A lazy, pull-based, re-iterable stream of elements: Reel's counterpart of `tf.data.Dataset`.
///
/// A dataset describes a pipeline; it does no work until an iterator pulls from it. Every call
/// to ``makeIterator(epoch:)`` starts a new pass. Randomised stages (``shuffle(bufferSize:seed:reshuffleEachIteration:)``,
/// ``sample(from:weights:seed:)``) derive their order from their seed and the epoch number,
/// so any pass can be repeated and resumed exactly.
///
///     let ds = Datasets.range(0..<10).map { $0 * 2 }.filter { $0 % 3 != 0 }.batch(size: 2)
///     var it = ds.makeIterator()
///     while let batch = try it.next() { print(batch) }
///     // [2, 4]
///     // [8, 10]
///     // [14, 16]
///
/// Stages are methods in `extension Dataset`, one file per stage (`Stages/`).
///
/// Differences from tf.data: the epoch number is explicit (`makeIterator(epoch:)`) instead of a
/// hidden per-dataset counter, and an iterator's position is a small `Codable` value
/// (``DatasetIterator/checkpoint()``) rather than a dump of its buffers.
public protocol Dataset<Element> {
  /// The type of the elements the dataset produces.
  associatedtype Element
  /// The iterator for one pass over the dataset.
  associatedtype Iterator: DatasetIterator where Iterator.Element == Element

  /// Starts a pass over the dataset.
  ///
  /// - Parameter epoch: The pass number. Randomised stages derive their order from
  ///   `(seed, epoch)`; deterministic stages ignore it.
  func makeIterator(epoch: Int) -> Iterator

  /// Recreates an iterator at the exact position described by `state`, which came from
  /// ``DatasetIterator/checkpoint()`` of an iterator of an identical pipeline (possibly in
  /// another process). The restored iterator yields exactly the elements the original would
  /// have yielded next.
  ///
  /// - Throws: ``PipelineError`` when the state cannot be applied.
  func makeIterator(restoring state: Iterator.State) throws -> Iterator

  /// The number of elements a pass produces, when it is known.
  var cardinality: Cardinality { get }
}

/// One pass over a ``Dataset``: a throwing, pull-based cursor whose position can be saved.
///
/// Iterators are single-owner: do not copy an iterator and advance both copies.
public protocol DatasetIterator<Element> {
  /// The type of the elements the iterator produces.
  associatedtype Element
  /// The saved position of the iterator. Small (a few integers per stage), never the
  /// contents of buffers that can be recomputed from seeds and source positions.
  associatedtype State: Codable

  /// Returns the next element, or `nil` at the end of the pass.
  ///
  /// Errors thrown by any stage (including background threads) surface here, wrapped in
  /// ``PipelineError`` with the stage name and element index.
  mutating func next() throws -> Element?

  /// The iterator's current position. Restore it with ``Dataset/makeIterator(restoring:)``.
  ///
  /// - Throws: ``PipelineError/notCheckpointable(stage:reason:)`` for stages whose position
  ///   cannot be recorded (for example a non-deterministic parallel map).
  func checkpoint() throws -> State

  /// Skips up to `count` elements and returns how many were skipped (fewer only at the end).
  ///
  /// Sources and one-to-one stages skip without computing the skipped elements.
  mutating func skip(_ count: Int) throws -> Int
}

extension DatasetIterator {
  /// Skips by pulling and discarding elements: O(`count`).
  @inlinable
  public mutating func skip(_ count: Int) throws -> Int {
    var skipped = 0
    while skipped < count, try next() != nil { skipped += 1 }
    return skipped
  }
}

extension Dataset {
  /// Starts the first pass (epoch 0) over the dataset.
  @inlinable
  public func makeIterator() -> Iterator { makeIterator(epoch: 0) }
}
