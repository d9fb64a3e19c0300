import ReelPipeline

/// Keras's `HashedCrossing(num_bins, output_mode="int")`: the bin of each row's combination of
/// two or more categorical features, by `tf.sparse.cross_hashed`.
///
/// Each row's features are folded, left to right, into a running 64-bit value that starts at
/// TensorFlow's hash key `0xDECAFCAFFE`, with `FingerprintCat64(running, feature)`. A string
/// feature contributes its ``FarmHashFingerprint64``; an integer feature contributes its own
/// value as 64 bits (`int32` is widened to `int64` first). The bin is the result modulo
/// `numBins` (unsigned); `numBins` 0 means modulo `Int64.max`, as in TensorFlow.
///
///     let cross = try HashedCrossing(numBins: 5)
///     try cross([.string(["A", "B", "A", "B", "A"]), .int64([101, 101, 101, 102, 102])])
///     // [1, 4, 1, 1, 3]   (the Keras docs' example)
///
/// - Complexity: O(rows × columns) plus the string bytes; one allocation per column.
public struct HashedCrossing: Sendable, Equatable {
  /// Keras's output modes for this layer.
  public enum OutputMode: String, Codable, Sendable {
    case int
    case oneHot = "one_hot"
  }

  /// The starting value of the fold (`tf.sparse.cross_hashed`'s default `hash_key`).
  public static let hashKey: UInt64 = 0xDE_CAFC_AFFE

  public let numBins: Int
  public let outputMode: OutputMode

  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` when `numBins` is negative, or
  ///   0 with `one_hot` output.
  public init(numBins: Int, outputMode: OutputMode = .int) throws {
    guard numBins >= 0 else {
      throw PreprocessingError.invalidArgument(
        layer: "HashedCrossing", "numBins must be ≥ 0 (0: modulo Int64.max), got \(numBins)")
    }
    guard numBins > 0 || outputMode == .int else {
      throw PreprocessingError.invalidArgument(
        layer: "HashedCrossing", "one_hot output needs numBins ≥ 1")
    }
    self.numBins = numBins
    self.outputMode = outputMode
  }

  /// The crossed bin of each row (the layer's output in `int` mode).
  ///
  /// - Parameter columns: two or more scalar `string`, `int64` or `int32` columns with equal
  ///   row counts.
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` for fewer than two columns,
  ///   unequal row counts, list columns or float columns.
  public func callAsFunction(_ columns: [FeatureColumn]) throws -> [Int64] {
    guard columns.count >= 2 else {
      throw invalid("needs at least two columns to cross, got \(columns.count)")
    }
    let rows = columns[0].rowCount
    var crossed = [UInt64](repeating: Self.hashKey, count: rows)
    for (k, column) in columns.enumerated() {
      guard !column.isList else {
        throw invalid("column \(k) is a list column; only scalars cross")
      }
      guard column.rowCount == rows else {
        throw invalid("column \(k) has \(column.rowCount) rows, column 0 has \(rows)")
      }
      let features = try Self.features(column, index: k)
      for i in 0..<rows { crossed[i] = FarmHashFingerprint64.cat(crossed[i], features[i]) }
    }
    let modulus = numBins > 0 ? UInt64(numBins) : UInt64(Int64.max)
    return crossed.map { Int64($0 % modulus) }
  }

  /// The `one_hot` output: one row of `numBins` per input row.
  ///
  /// - Throws: as ``callAsFunction(_:)``, or ``PreprocessingError/invalidArgument(layer:_:)``
  ///   in `int` mode.
  public func encode(_ columns: [FeatureColumn]) throws -> [[Float]] {
    guard outputMode == .oneHot else {
      throw PreprocessingError.invalidArgument(
        layer: "HashedCrossing", "output mode int has no dense encoding; call the layer for bins")
    }
    return CategoryEncoding.encode([try self(columns)], depth: numBins, mode: .oneHot)
  }

  /// The 64-bit feature of every row of one column.
  static func features(_ column: FeatureColumn, index k: Int) throws -> [UInt64] {
    switch column.values {
    case .string(let strings): return FarmHashFingerprint64.hashes(strings)
    case .int64(let ints): return ints.map { UInt64(bitPattern: $0) }
    case .int32(let ints): return ints.map { UInt64(bitPattern: Int64($0)) }
    case .float, .double:
      throw PreprocessingError.invalidInput(
        layer: "HashedCrossing", "column \(k) must hold strings or integers, got \(column.type)")
    }
  }

  func invalid(_ message: String) -> PreprocessingError {
    .invalidInput(layer: "HashedCrossing", message)
  }
}

/// Saved as Keras's config keys `{"num_bins": 5, "output_mode": "int"}`, checked on decoding.
extension HashedCrossing: Codable {
  enum CodingKeys: String, CodingKey {
    case numBins = "num_bins"
    case outputMode = "output_mode"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    guard let numBins = try? c.decode(Int.self, forKey: .numBins) else {
      throw PreprocessingError.invalidArgument(
        layer: "HashedCrossing", "num_bins must be an integer")
    }
    let mode = try c.decodeIfPresent(String.self, forKey: .outputMode) ?? "int"
    guard let outputMode = OutputMode(rawValue: mode) else {
      throw PreprocessingError.invalidArgument(
        layer: "HashedCrossing", "output_mode must be int or one_hot, got \(mode)")
    }
    try self.init(numBins: numBins, outputMode: outputMode)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(numBins, forKey: .numBins)
    try c.encode(outputMode, forKey: .outputMode)
  }
}
