import Dispatch
import Foundation
import ReelPipeline

extension Normalization {
  /// One batch's per-statistic mean and population variance (Keras's `tf.nn.moments`).
  struct BatchMoments: Sendable {
    var rows: Int
    var mean: [Double]
    var variance: [Double]
  }

  /// Merges one batch of rows into the statistics (Keras's `update_state`).
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for a layer with given
  ///   statistics (as Keras); ``PreprocessingError/invalidInput(layer:_:)`` for a row of the
  ///   wrong length or a NaN or infinite value.
  public mutating func update(_ rows: [[Float]]) throws {
    try refuseGivenStatistics()
    merge(try moments(of: rows, firstRow: 0))
  }

  /// Merges statistics adapted on other rows (another partition adapted in parallel). The
  /// combination is exact in real arithmetic and agrees with a single pass to double
  /// rounding (about 1e-15 relative).
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` when the layers' shapes or
  ///   axes differ, or either has given statistics.
  public mutating func merge(_ other: Normalization) throws {
    guard other.sampleShape == sampleShape, other.keptAxes == keptAxes else {
      throw PreprocessingError.invalidArgument(
        layer: "Normalization",
        "cannot merge statistics of shape \(other.sampleShape) axes \(other.keptAxes) into \(sampleShape) axes \(keptAxes)")
    }
    try refuseGivenStatistics()
    try other.refuseGivenStatistics()
    merge(BatchMoments(rows: other.count, mean: other.mean, variance: other.variance))
  }

  /// Adapts over every row of `dataset` in one pass, `batchSize` rows per update, replacing
  /// earlier statistics. Batch moments are computed on up to `maxConcurrency` threads and
  /// merged in batch order, so the result does not depend on `maxConcurrency`.
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` when the dataset is empty; the
  ///   errors of ``update(_:)``.
  public mutating func adapt<D: Dataset>(
    _ dataset: D, batchSize: Int = 4096, maxConcurrency: Int = ProcessInfo.processInfo.activeProcessorCount
  ) throws where D.Element == [Float] {
    try refuseGivenStatistics()
    guard batchSize > 0 else {
      throw PreprocessingError.invalidArgument(layer: "Normalization", "batchSize must be positive")
    }
    mean = Array(repeating: 0, count: mean.count)
    variance = Array(repeating: 0, count: variance.count)
    count = 0
    var iterator = dataset.batch(size: batchSize).makeIterator()
    var done = false
    while !done {
      var chunk: [[[Float]]] = []
      while chunk.count < max(1, maxConcurrency) * 4 {
        guard let rows = try iterator.next() else {
          done = true
          break
        }
        chunk.append(rows)
      }
      for part in try chunkMoments(chunk, firstRow: count, maxConcurrency: maxConcurrency) { merge(part) }
    }
    guard count > 0 else { throw PreprocessingError.notAdapted(layer: "Normalization") }
  }

  /// The moments of each batch of `chunk`, computed on up to `maxConcurrency` threads.
  func chunkMoments(_ chunk: [[[Float]]], firstRow: Int, maxConcurrency: Int) throws -> [BatchMoments] {
    var starts = [Int]()
    var row = firstRow
    for rows in chunk {
      starts.append(row)
      row += rows.count
    }
    var results = [Result<BatchMoments, any Error>?](repeating: nil, count: chunk.count)
    let workers = max(1, min(maxConcurrency, chunk.count))
    if workers == 1 {
      for b in chunk.indices { results[b] = Result { try moments(of: chunk[b], firstRow: starts[b]) } }
    } else {
      let layer = self
      results.withUnsafeMutableBufferPointer { slots in
        let output = slots
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
          for b in stride(from: worker, to: chunk.count, by: workers) {
            output[b] = Result { try layer.moments(of: chunk[b], firstRow: starts[b]) }
          }
        }
      }
    }
    return try results.map { try $0!.get() }
  }

  /// Two-pass mean and population variance of `rows` per statistic.
  func moments(of rows: [[Float]], firstRow: Int) throws -> BatchMoments {
    let statistics = mean.count
    var sum = [Double](repeating: 0, count: statistics)
    for (r, row) in rows.enumerated() {
      guard row.count == features else {
        throw PreprocessingError.invalidInput(
          layer: "Normalization", "row \(firstRow + r) has \(row.count) values, expected \(features)")
      }
      for (p, v) in row.enumerated() {
        guard v.isFinite else {
          throw PreprocessingError.invalidInput(layer: "Normalization", "row \(firstRow + r) holds \(v)")
        }
        sum[statisticIndex[p]] += Double(v)
      }
    }
    let perStatistic = Double(rows.count * (features / statistics))
    let batchMean = sum.map { $0 / perStatistic }
    var squares = [Double](repeating: 0, count: statistics)
    for row in rows {
      for (p, v) in row.enumerated() {
        let s = statisticIndex[p]
        let d = Double(v) - batchMean[s]
        squares[s] += d * d
      }
    }
    return BatchMoments(rows: rows.count, mean: batchMean, variance: squares.map { $0 / perStatistic })
  }

  /// Keras's count-weighted merge: `w = n / (count + n)`,
  /// `mean' = (1 - w)·mean + w·m`, `var' = (1 - w)(var + (mean - mean')²) + w(v + (m - mean')²)`.
  mutating func merge(_ batch: BatchMoments) {
    guard batch.rows > 0 else { return }
    let w = Double(batch.rows) / Double(count + batch.rows)
    for s in mean.indices {
      let newMean = (1 - w) * mean[s] + w * batch.mean[s]
      variance[s] = (1 - w) * (variance[s] + (mean[s] - newMean) * (mean[s] - newMean))
        + w * (batch.variance[s] + (batch.mean[s] - newMean) * (batch.mean[s] - newMean))
      mean[s] = newMean
    }
    count += batch.rows
  }

  func refuseGivenStatistics() throws {
    guard !hasGivenStatistics else {
      throw PreprocessingError.invalidArgument(
        layer: "Normalization", "a layer with given mean and variance cannot adapt (as in Keras)")
    }
  }
}
