import Foundation
import ReelPipeline

/// Keras's `Normalization`: `(x - mean) / max(sqrt(variance), 1e-7)` per feature, with mean and
/// population variance adapted in one streaming pass (batches merged with count weights, as
/// Keras does) or given.
///
///     var norm = Normalization(features: 1)          // Keras axis=None: one scalar mean/variance
///     try norm.adapt(Datasets.from([[1], [2], [3]]))
///     try norm([[2]])                                  // [[0.0]]
///
/// Rows are `[Float]` of `features` values (Keras `axis=-1` over `[n, d]` inputs). Statistics
/// accumulate in `Double`, so they are the exact population values; Keras accumulates in
/// float32 and agrees to float precision.
///
/// - Complexity: adapt O(n·d) time, O(d) memory; apply O(n·d).
public struct Normalization: Codable, Sendable, Equatable {
  /// Values per row.
  public let features: Int
  /// Whether the layer maps normalized values back (`mean + x · std`).
  public var invert: Bool
  /// The adapted (or given) per-feature mean.
  public private(set) var mean: [Double]
  /// The adapted (or given) per-feature population variance.
  public private(set) var variance: [Double]
  /// Rows seen by `adapt`.
  public private(set) var count: Int

  /// A layer to adapt.
  public init(features: Int, invert: Bool = false) {
    self.features = features
    self.invert = invert
    mean = Array(repeating: 0, count: features)
    variance = Array(repeating: 0, count: features)
    count = 0
  }

  /// A layer with given statistics (Keras's `mean=`, `variance=`).
  public init(mean: [Double], variance: [Double], invert: Bool = false) throws {
    guard mean.count == variance.count, !mean.isEmpty else {
      throw PreprocessingError.invalidArgument(layer: "Normalization", "mean and variance must have the same, non-zero length")
    }
    guard variance.allSatisfy({ $0 >= 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
      throw PreprocessingError.invalidArgument(layer: "Normalization", "mean and variance must be finite, variance ≥ 0")
    }
    features = mean.count
    self.invert = invert
    self.mean = mean
    self.variance = variance
    count = 1
  }

  /// Merges one batch of rows into the statistics (Keras's `update_state`).
  public mutating func update(_ rows: [[Float]]) throws {
    guard !rows.isEmpty else { return }
    var batchMean = [Double](repeating: 0, count: features)
    for (r, row) in rows.enumerated() {
      guard row.count == features else {
        throw PreprocessingError.invalidInput(layer: "Normalization", "row \(r) has \(row.count) values, expected \(features)")
      }
      for (j, v) in row.enumerated() {
        guard v.isFinite else { throw PreprocessingError.invalidInput(layer: "Normalization", "row \(r) holds \(v)") }
        batchMean[j] += Double(v)
      }
    }
    let n = Double(rows.count)
    for j in 0..<features { batchMean[j] /= n }
    var batchVariance = [Double](repeating: 0, count: features)
    for row in rows {
      for (j, v) in row.enumerated() {
        let d = Double(v) - batchMean[j]
        batchVariance[j] += d * d
      }
    }
    for j in 0..<features { batchVariance[j] /= n }
    merge(count: rows.count, mean: batchMean, variance: batchVariance)
  }

  /// Merges statistics of `other` rows (for adapting partitions in parallel).
  public mutating func merge(_ other: Normalization) {
    merge(count: other.count, mean: other.mean, variance: other.variance)
  }

  mutating func merge(count n: Int, mean m: [Double], variance v: [Double]) {
    guard n > 0 else { return }
    let total = Double(count + n)
    let w = Double(n) / total
    for j in 0..<features {
      let newMean = (1 - w) * mean[j] + w * m[j]
      variance[j] = (1 - w) * (variance[j] + (mean[j] - newMean) * (mean[j] - newMean))
        + w * (v[j] + (m[j] - newMean) * (m[j] - newMean))
      mean[j] = newMean
    }
    count += n
  }

  /// Adapts over every row of `dataset` (one pass; resets previous statistics).
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` when the dataset is empty; NaN or
  ///   infinite values are ``PreprocessingError/invalidInput(layer:_:)``.
  public mutating func adapt<D: Dataset>(_ dataset: D, batchSize: Int = 4096) throws where D.Element == [Float] {
    self = Normalization(features: features, invert: invert)
    var iterator = dataset.batch(size: batchSize).makeIterator()
    while let rows = try iterator.next() { try update(rows) }
    guard count > 0 else { throw PreprocessingError.notAdapted(layer: "Normalization") }
  }

  /// Normalizes (or, with `invert`, denormalizes) rows.
  public func callAsFunction(_ rows: [[Float]]) throws -> [[Float]] {
    guard count > 0 else { throw PreprocessingError.notAdapted(layer: "Normalization") }
    let scale = variance.map { max($0.squareRoot(), 1e-7) }
    return try rows.enumerated().map { r, row in
      guard row.count == features else {
        throw PreprocessingError.invalidInput(layer: "Normalization", "row \(r) has \(row.count) values, expected \(features)")
      }
      return row.enumerated().map { j, v in
        invert ? Float(mean[j] + Double(v) * scale[j]) : Float((Double(v) - mean[j]) / scale[j])
      }
    }
  }

  /// Normalizes a Float column (one feature per value).
  public func callAsFunction(column values: [Float]) throws -> [Float] {
    guard features == 1 else {
      throw PreprocessingError.invalidArgument(layer: "Normalization", "a column needs features == 1")
    }
    return try self(values.map { [$0] }).map { $0[0] }
  }
}
