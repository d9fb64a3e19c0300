import Foundation
import ReelPipeline

/// Keras's `Normalization(axis=-1, mean=None, variance=None, invert=False)`:
/// `(x - mean) / max(sqrt(variance), 1e-7)` with a mean and population variance per position
/// of the kept axes, adapted in one streaming pass (batches merged with count weights, as
/// Keras does) or given.
///
///     var norm = Normalization(features: 1)          // Keras axis=-1 over [n, 1] inputs
///     try norm.adapt(Datasets.from([[1], [2], [3]]))
///     try norm([[2]])                                  // [[0.0]]
///
///     // [n, 4, 3] inputs, one mean per (time, feature) cell: Keras axis=(1, 2)
///     var cells = try Normalization(sampleShape: [4, 3], axis: .keep([1, 2]))
///
/// A row is one sample, flattened row-major: `[Float]` of `features` values (the product of
/// `sampleShape`). `axis` uses Keras's numbering of the batched input `[n] + sampleShape`:
/// `.last` (-1), `.keep([...])` (an int or a tuple), or `.none` (one scalar mean and
/// variance); every axis not kept is reduced over, the batch axis always.
///
/// Statistics accumulate in `Double`: the exact population values. Keras accumulates in
/// float32 and agrees to float precision (about 1e-6 relative; more for data whose mean is
/// large against its spread).
///
/// - Complexity: adapt O(n·d) time, O(d) memory; apply O(n·d).
public struct Normalization: Sendable, Equatable {
  /// The shape of one sample (the batched input's shape without its first axis).
  public let sampleShape: [Int]
  /// Keras's `axis`: which axes keep their own statistics.
  public let axis: Axis
  /// The kept axes in Keras's numbering (1 ... sampleShape.count), sorted.
  public let keptAxes: [Int]
  /// Whether the layer maps normalized values back (`mean + x · std`).
  public var invert: Bool
  /// The adapted (or given) mean per kept position (row-major over ``statisticsShape``).
  public internal(set) var mean: [Double]
  /// The adapted (or given) population variance per kept position.
  public internal(set) var variance: [Double]
  /// Rows seen by `adapt`; 1 for given statistics.
  public internal(set) var count: Int
  /// Whether mean and variance were given (Keras then refuses to adapt).
  public let hasGivenStatistics: Bool
  /// For each position of a flattened sample, the index of its statistic.
  let statisticIndex: [Int]

  /// A layer to adapt over rows of `features` values (Keras `axis=-1` on `[n, features]`).
  public init(features: Int, invert: Bool = false) {
    precondition(features > 0, "Normalization needs at least one feature")
    // A one-axis shape with the last axis kept cannot fail.
    self = try! Normalization(sampleShape: [features], axis: .last, invert: invert)
  }

  /// A layer to adapt over samples of `sampleShape`, keeping `axis`.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for an empty or non-positive
  ///   shape, an axis outside `[-rank, rank)` (Keras's check), or the batch axis 0 (whose
  ///   statistics would depend on the batch size).
  public init(sampleShape: [Int], axis: Axis = .last, invert: Bool = false) throws {
    try self.init(sampleShape: sampleShape, axis: axis, invert: invert, given: nil)
  }

  /// A layer with given statistics (Keras's `mean=`, `variance=`) for rows of `mean.count`
  /// values, `axis=-1`.
  public init(mean: [Double], variance: [Double], invert: Bool = false) throws {
    guard mean.count == variance.count, !mean.isEmpty else {
      throw PreprocessingError.invalidArgument(layer: "Normalization", "mean and variance must have the same, non-zero length")
    }
    try self.init(sampleShape: [mean.count], axis: .last, invert: invert, given: (mean, variance))
  }

  /// A layer with given statistics for samples of `sampleShape`, broadcast as numpy does
  /// against the kept shape: one value for all, one per position of the last kept axis, or
  /// one per kept position.
  ///
  ///     let norm = try Normalization(mean: [0, 10], variance: [1, 4], sampleShape: [3, 2], axis: .keep([1, 2]))
  ///     try norm([[0, 10, 1, 12, 2, 14]])   // [[0, 0, 1, 1, 2, 2]]
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for lengths that do not
  ///   broadcast, non-finite values or a negative variance, and the axis errors of
  ///   ``init(sampleShape:axis:invert:)``.
  public init(mean: [Double], variance: [Double], sampleShape: [Int], axis: Axis = .last, invert: Bool = false) throws {
    try self.init(sampleShape: sampleShape, axis: axis, invert: invert, given: (mean, variance))
  }

  init(sampleShape: [Int], axis: Axis, invert: Bool, given: (mean: [Double], variance: [Double])?) throws {
    guard !sampleShape.isEmpty, sampleShape.allSatisfy({ $0 > 0 }) else {
      throw PreprocessingError.invalidArgument(layer: "Normalization", "sample shape \(sampleShape) must have positive sizes")
    }
    let kept = try axis.keptAxes(rank: sampleShape.count + 1)
    self.sampleShape = sampleShape
    self.axis = axis
    keptAxes = kept
    self.invert = invert
    statisticIndex = Self.statisticIndex(sampleShape: sampleShape, keptAxes: kept)
    let shape = kept.map { sampleShape[$0 - 1] }
    let size = shape.reduce(1, *)
    if let given {
      mean = try Self.broadcast(given.mean, to: shape, name: "mean")
      variance = try Self.broadcast(given.variance, to: shape, name: "variance")
      guard variance.allSatisfy({ $0 >= 0 && $0.isFinite }), mean.allSatisfy(\.isFinite) else {
        throw PreprocessingError.invalidArgument(layer: "Normalization", "mean and variance must be finite, variance ≥ 0")
      }
      count = 1
      hasGivenStatistics = true
    } else {
      mean = Array(repeating: 0, count: size)
      variance = Array(repeating: 0, count: size)
      count = 0
      hasGivenStatistics = false
    }
  }

  /// Values per row (the product of ``sampleShape``).
  public var features: Int { statisticIndex.count }

  /// The shape of ``mean`` and ``variance``: the sizes of the kept axes (`[]` for `.none`).
  public var statisticsShape: [Int] { keptAxes.map { sampleShape[$0 - 1] } }

  /// Normalizes (or, with `invert`, denormalizes) rows.
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` before adapting;
  ///   ``PreprocessingError/invalidInput(layer:_:)`` for a row of the wrong length.
  public func callAsFunction(_ rows: [[Float]]) throws -> [[Float]] {
    guard count > 0 else { throw PreprocessingError.notAdapted(layer: "Normalization") }
    let scale = variance.map { max($0.squareRoot(), 1e-7) }
    return try rows.enumerated().map { r, row in
      guard row.count == features else {
        throw PreprocessingError.invalidInput(layer: "Normalization", "row \(r) has \(row.count) values, expected \(features)")
      }
      return row.enumerated().map { p, v in
        let s = statisticIndex[p]
        return invert ? Float(mean[s] + Double(v) * scale[s]) : Float((Double(v) - mean[s]) / scale[s])
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

  // MARK: - Shapes

  /// For each row-major position of a sample, the row-major index of its kept coordinates.
  static func statisticIndex(sampleShape: [Int], keptAxes: [Int]) -> [Int] {
    let size = sampleShape.reduce(1, *)
    let kept = Set(keptAxes.map { $0 - 1 })
    return (0..<size).map { position in
      var rest = position
      var index = 0
      var stride = 1
      for dim in sampleShape.indices.reversed() {
        let coordinate = rest % sampleShape[dim]
        rest /= sampleShape[dim]
        if kept.contains(dim) {
          index += coordinate * stride
          stride *= sampleShape[dim]
        }
      }
      return index
    }
  }

  /// numpy broadcasting of a flat list against `shape`: 1 value, the last axis, or all.
  static func broadcast(_ values: [Double], to shape: [Int], name: String) throws -> [Double] {
    let size = shape.reduce(1, *)
    if values.count == size { return values }
    if values.count == 1 { return Array(repeating: values[0], count: size) }
    if let last = shape.last, values.count == last { return (0..<size).map { values[$0 % last] } }
    throw PreprocessingError.invalidArgument(
      layer: "Normalization", "\(name) has \(values.count) values, which do not broadcast to \(shape)")
  }
}
