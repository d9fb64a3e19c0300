import Foundation
import ReelPipeline

extension Discretization {
  /// Keras's batch size when `adapt` is given an array (`batch_size=None`): 32 samples.
  public static let kerasDefaultBatchSize = 32

  /// Learns the boundaries from `batches`, one Keras `update_state` per element (what
  /// `layer.adapt(dataset)` does with a `tf.data` dataset of batches). Replaces earlier state.
  ///
  ///     var bins = try Discretization(numBins: 2)
  ///     try bins.adapt(batches: Datasets.from([[3, 1, 2], [5, 4]] as [[Float]]))
  ///     bins.binBoundaries   // [2.5]
  ///
  /// Batches are summarized (sorted) on up to `maxConcurrency` threads, a chunk of batches
  /// at a time, and folded in their order: the result does not depend on `maxConcurrency`.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for a layer built with
  ///   `binBoundaries` (as Keras); ``PreprocessingError/notAdapted(layer:)`` when there are
  ///   no values; ``PreprocessingError/invalidInput(layer:_:)`` for NaN.
  /// - Complexity: O(n log b) for n values in batches of b, plus O(1/ε) per batch.
  public mutating func adapt<D: Dataset>(
    batches: D, maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount
  ) throws where D.Element == [Float] {
    guard numBins != nil else {
      throw PreprocessingError.invalidArgument(
        layer: "Discretization", "a layer with given binBoundaries cannot adapt; construct it with numBins")
    }
    var summary = try QuantileSummary(epsilon: epsilon)
    var iterator = batches.makeIterator()
    var seen = 0
    var batchIndex = 0
    var done = false
    while !done {
      // A chunk big enough to share across threads, small enough to keep memory flat.
      var chunk: [[Float]] = []
      var chunkValues = 0
      while chunk.count < 4096, chunkValues < 1 << 20 {
        guard let batch = try iterator.next() else {
          done = true
          break
        }
        chunk.append(batch)
        chunkValues += batch.count
      }
      let parts = try QuantileSummary.summarize(
        batches: chunk, epsilon: epsilon, maxConcurrency: maxConcurrency, firstBatchIndex: batchIndex)
      for part in parts { try summary.merge(part) }
      seen += chunkValues
      batchIndex += chunk.count
    }
    guard seen > 0 else { throw PreprocessingError.notAdapted(layer: "Discretization") }
    try finalize(summary)
  }

  /// Learns the boundaries from single values taken `batchSize` at a time (what
  /// `layer.adapt(np.array(values))` does; Keras's default is 32 values per batch).
  public mutating func adapt<D: Dataset>(
    _ values: D, batchSize: Int = kerasDefaultBatchSize,
    maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount
  ) throws where D.Element == Float {
    guard batchSize > 0 else {
      throw PreprocessingError.invalidArgument(layer: "Discretization", "batchSize must be positive")
    }
    try adapt(batches: values.batch(size: batchSize), maxConcurrency: maxConcurrency)
  }

  /// Learns the boundaries from rows taken `batchSize` rows at a time, every value of a row
  /// counting (what `layer.adapt` does with a 2-D array `[n, d]`).
  public mutating func adapt<D: Dataset>(
    rows: D, batchSize: Int = kerasDefaultBatchSize,
    maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount
  ) throws where D.Element == [Float] {
    guard batchSize > 0 else {
      throw PreprocessingError.invalidArgument(layer: "Discretization", "batchSize must be positive")
    }
    try adapt(batches: rows.batch(size: batchSize).map { $0.flatMap { $0 } }, maxConcurrency: maxConcurrency)
  }

  /// Sets the boundaries from a summary folded elsewhere (Keras's `finalize_state`), for
  /// adapting with batch summaries made in other threads or processes.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for a layer built with
  ///   `binBoundaries` or a summary with another epsilon; ``PreprocessingError/notAdapted(layer:)``
  ///   for an empty summary; ``PreprocessingError/invalidInput(layer:_:)`` when the learned
  ///   boundaries are NaN or unsorted (infinities of both signs; Keras fails at call then).
  public mutating func finalize(_ summary: QuantileSummary) throws {
    guard let numBins else {
      throw PreprocessingError.invalidArgument(
        layer: "Discretization", "a layer with given binBoundaries cannot adapt; construct it with numBins")
    }
    guard summary.epsilon == epsilon else {
      throw PreprocessingError.invalidArgument(
        layer: "Discretization", "summary epsilon \(summary.epsilon) differs from the layer's \(epsilon)")
    }
    guard !summary.values.isEmpty else { throw PreprocessingError.notAdapted(layer: "Discretization") }
    let learned = summary.binBoundaries(numBins: numBins)
    do {
      try Self.validate(boundaries: learned)
    } catch {
      throw PreprocessingError.invalidInput(layer: "Discretization", "the data gave NaN or unsorted boundaries \(learned)")
    }
    boundaries = learned
  }
}
