import ReelPipeline

/// Keras's `Discretization(bin_boundaries=None, num_bins=None, epsilon=0.01, output_mode="int")`:
/// buckets floats into left-closed bins, so boundaries `[0, 1, 2]` give
/// `(-inf, 0) [0, 1) [1, 2) [2, inf)` → indices 0…3. The boundaries are given, or learned by
/// ``adapt(batches:maxConcurrency:)`` exactly as tf-keras 2.21 learns them (see
/// ``QuantileSummary``).
///
///     let bins = try Discretization(binBoundaries: [0, 1, 2])
///     try bins([-1, 0, 0.5, 2, 7])   // [0, 1, 1, 3, 3]
///
///     var learned = try Discretization(numBins: 4)
///     try learned.adapt(Datasets.from((0..<1000).map(Float.init)))   // 32 values per batch, as Keras
///     learned.binBoundaries   // [249.00018, 499.00052, 749.00037]
///
/// Output modes (``OutputMode``, used by ``encode(_:)`` and ``encode(rows:)``) follow Keras's
/// `int`, `one_hot`, `multi_hot` and `count` with `binCount` columns.
///
/// Differences from Keras, all rejections of input Keras accepts silently: NaN inputs throw
/// (Keras puts them in the last bin, or learns NaN boundaries); `numBins < 1` and giving
/// neither boundaries nor `numBins` throw when constructing (Keras fails later, in adapt);
/// unsorted boundaries throw when constructing (Keras: at call). Boundaries may be ±infinity
/// (adapting on infinite values gives them in Keras too). Like TensorFlow's CPU kernels,
/// bucketing and the adapt sort compare subnormal floats (|x| < 1.2e-38) as 0.
///
/// - Complexity: O(log b) per value for b boundaries.
public struct Discretization: Sendable, Equatable {
  /// Keras's `output_mode`.
  public enum OutputMode: String, Codable, Sendable, CaseIterable {
    /// The bin index of each value.
    case int
    /// One row of `binCount` zeros with a 1 per value.
    case oneHot = "one_hot"
    /// One row per sample with a 1 for each bin present.
    case multiHot = "multi_hot"
    /// One row per sample with the number of values in each bin.
    case count
  }

  /// The bin count to learn (`nil` for given boundaries).
  public let numBins: Int?
  /// Keras's `epsilon` for adapting.
  public let epsilon: Double
  /// How ``encode(_:)`` and ``encode(rows:)`` present the bins.
  public var outputMode: OutputMode
  /// The boundaries; `nil` until a `numBins` layer is adapted.
  var boundaries: [Float]?

  /// Keras's constructor: pass `binBoundaries`, or `numBins` and then adapt.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for both or neither of
  ///   `binBoundaries` and `numBins`, `numBins < 1`, `epsilon` outside (0, 1), or boundaries
  ///   that contain NaN or decrease.
  public init(
    binBoundaries: [Float]? = nil, numBins: Int? = nil, epsilon: Double = 0.01, outputMode: OutputMode = .int
  ) throws {
    switch (binBoundaries, numBins) {
    case (.some, .some):
      throw PreprocessingError.invalidArgument(layer: "Discretization", "pass binBoundaries or numBins, not both")
    case (nil, nil):
      throw PreprocessingError.invalidArgument(
        layer: "Discretization", "pass binBoundaries, or numBins and then adapt")
    case (nil, let bins?) where bins < 1:
      throw PreprocessingError.invalidArgument(layer: "Discretization", "numBins must be at least 1, got \(bins)")
    default:
      break
    }
    try QuantileSummary.validate(epsilon: epsilon)
    if let binBoundaries { try Self.validate(boundaries: binBoundaries) }
    self.numBins = numBins
    self.epsilon = epsilon
    self.outputMode = outputMode
    boundaries = binBoundaries
  }

  /// The boundaries (empty while a `numBins` layer is not adapted).
  public var binBoundaries: [Float] { boundaries ?? [] }

  /// Whether the layer has boundaries (given, or adapted).
  public var isAdapted: Bool { boundaries != nil }

  /// Number of bins (`boundaries + 1`, Keras's output depth), the size an embedding over the
  /// output needs.
  public var binCount: Int { binBoundaries.count + 1 }

  /// The bin index of each value (Keras's `int` output, whatever ``outputMode`` is).
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` before adapting a `numBins` layer;
  ///   ``PreprocessingError/invalidInput(layer:_:)`` for NaN.
  public func callAsFunction(_ values: [Float]) throws -> [Int32] {
    guard let boundaries else { throw PreprocessingError.notAdapted(layer: "Discretization") }
    return try values.enumerated().map { i, v in
      guard !v.isNaN else { throw PreprocessingError.invalidInput(layer: "Discretization", "value \(i) is NaN") }
      return Int32(Self.bin(of: v, in: boundaries))
    }
  }

  /// The bin index of each value of each row (a 2-D input in `int` mode).
  public func callAsFunction(rows: [[Float]]) throws -> [[Int32]] {
    try rows.enumerated().map { r, row in
      do {
        return try self(row)
      } catch PreprocessingError.invalidInput(let layer, let message) {
        throw PreprocessingError.invalidInput(layer: layer, "row \(r): \(message)")
      }
    }
  }

  /// The number of boundaries `<= value` (TensorFlow's `Bucketize`, `upper_bound`, which like
  /// every TensorFlow CPU kernel compares subnormal floats as 0).
  static func bin(of value: Float, in boundaries: [Float]) -> Int {
    let key = QuantileSummary.tensorFlowKey(value)
    var low = 0
    var high = boundaries.count
    while low < high {
      let mid = (low + high) / 2
      if QuantileSummary.tensorFlowKey(boundaries[mid]) <= key { low = mid + 1 } else { high = mid }
    }
    return low
  }

  static func validate(boundaries: [Float]) throws {
    let keys = boundaries.map(QuantileSummary.tensorFlowKey)
    guard !keys.contains(where: \.isNaN), zip(keys, keys.dropFirst()).allSatisfy({ $0 <= $1 }) else {
      throw PreprocessingError.invalidArgument(layer: "Discretization", "bin boundaries must be sorted and not NaN")
    }
  }
}
