import ReelPipeline

/// Keras's `Hashing(num_bins, mask_value=None, salt=None, output_mode="int")`: maps strings
/// and integers to `numBins` bins by hashing, with no vocabulary to learn.
///
/// * Strings are hashed as their UTF-8 bytes, integers as their decimal text (`tf.as_string`),
///   so `42` and `"42"` share a bin.
/// * Without a salt the hash is FarmHash ``FarmHashFingerprint64`` (`to_hash_bucket_fast`);
///   with one it is ``SipHash`` keyed by the salt (`to_hash_bucket_strong`).
/// * Without `maskValue` a value goes to `hash mod numBins`. With it (and `numBins > 1`) the
///   mask value goes to bin 0 and every other value to `1 + hash mod (numBins - 1)`.
///
///     let hashing = try Hashing(numBins: 3, maskValue: "")
///     try hashing(["", "a", "hello"])                  // [0, 2, 1]
///     try Hashing(numBins: 5, salt: 133)([Int64(42)])  // [4]: SipHash of "42", key [133, 133]
///
/// - Complexity: O(bytes) per value; no allocation per value.
public struct Hashing: Sendable, Equatable {
  /// A mask value: Keras compares it with inputs of the same kind only.
  public enum Value: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral
  {
    case string(String)
    case int(Int64)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }

    public var description: String {
      switch self {
      case .string(let s): return "\"\(s)\""
      case .int(let v): return "\(v)"
      }
    }
  }

  /// Keras's `salt`: one integer `k` means the SipHash key `[k, k]`; a pair is the key.
  public enum Salt: Hashable, Sendable, ExpressibleByIntegerLiteral {
    case single(Int64)
    case pair(Int64, Int64)

    public init(integerLiteral value: Int64) { self = .single(value) }

    /// The key as Keras stores it (`layer.salt`).
    public var key: [Int64] {
      switch self {
      case .single(let k): return [k, k]
      case .pair(let k0, let k1): return [k0, k1]
      }
    }
  }

  /// Keras's output modes.
  public enum OutputMode: String, Codable, Sendable {
    case int
    case oneHot = "one_hot"
    case multiHot = "multi_hot"
    case count
  }

  public let numBins: Int
  public let maskValue: Value?
  public let salt: Salt?
  public let outputMode: OutputMode

  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` when `numBins < 1`.
  public init(
    numBins: Int, maskValue: Value? = nil, salt: Salt? = nil, outputMode: OutputMode = .int
  )
    throws
  {
    guard numBins >= 1 else {
      throw PreprocessingError.invalidArgument(
        layer: "Hashing", "numBins must be ≥ 1, got \(numBins)")
    }
    self.numBins = numBins
    self.maskValue = maskValue
    self.salt = salt
    self.outputMode = outputMode
  }

  // MARK: - Bins of single values

  /// Bins left for hashed values: one fewer when bin 0 is reserved for the mask.
  var hashBins: UInt64 { UInt64(masks ? numBins - 1 : numBins) }
  /// Whether the mask value is in use (Keras ignores it when `numBins` is 1).
  var masks: Bool { maskValue != nil && numBins > 1 }

  /// The hash of `bytes` with this layer's function.
  @inline(__always)
  func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    switch salt {
    case nil: return FarmHashFingerprint64.hash(bytes)
    case .single(let k): return SipHash(signedKey: k, k).hash(bytes)
    case .pair(let k0, let k1): return SipHash(signedKey: k0, k1).hash(bytes)
    }
  }

  /// The bin of a value with UTF-8 (or decimal) text `bytes`, `isMask` when it equals the mask.
  @inline(__always)
  func bin(_ bytes: UnsafeRawBufferPointer, isMask: Bool) -> Int64 {
    if masks {
      return isMask ? 0 : 1 + Int64(hash(bytes) % hashBins)
    }
    return Int64(hash(bytes) % hashBins)
  }

  /// The mask value as UTF-8 bytes, or an error when the inputs are integers.
  func stringMask(forInputOf kind: String) throws -> [UInt8]? {
    guard masks, let maskValue else { return nil }
    guard case .string(let s) = maskValue else {
      throw PreprocessingError.invalidInput(
        layer: "Hashing", "mask value \(maskValue) is an integer but the input is \(kind)")
    }
    return Array(s.utf8)
  }

  /// The mask value as an integer, or an error when the inputs are strings.
  func intMask(forInputOf kind: String) throws -> Int64? {
    guard masks, let maskValue else { return nil }
    guard case .int(let v) = maskValue else {
      throw PreprocessingError.invalidInput(
        layer: "Hashing", "mask value \(maskValue) is a string but the input is \(kind)")
    }
    return v
  }

  /// The bin of each string (the layer's output in `int` mode). Strings are compared with the
  /// mask byte for byte, as TensorFlow does.
  ///
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` when the mask value is an integer.
  public func callAsFunction(_ strings: [String]) throws -> [Int64] {
    let mask = try stringMask(forInputOf: "strings")
    func bin(of utf8: UnsafeBufferPointer<UInt8>) -> Int64 {
      let bytes = UnsafeRawBufferPointer(utf8)
      return self.bin(
        bytes, isMask: mask.map { bytes.count == $0.count && bytes.elementsEqual($0) } ?? false)
    }
    return strings.map { string in
      if let b = string.utf8.withContiguousStorageIfAvailable(bin(of:)) { return b }
      var copy = string
      return copy.withUTF8(bin(of:))
    }
  }

  /// The bin of each integer, hashed as its decimal text (the layer's output in `int` mode).
  ///
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` when the mask value is a string.
  public func callAsFunction(_ ints: [Int64]) throws -> [Int64] {
    let mask = try intMask(forInputOf: "integers")
    return ints.map { v in DecimalText.withBytes(of: v) { bin($0, isMask: v == mask) } }
  }

  // MARK: - Encoded output

  /// The `one_hot` (one row per value), `multi_hot` or `count` (one row per input row) output
  /// of strings, `numBins` columns wide. Masked values land in column 0, as in Keras.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` in `int` mode (call the layer).
  public func encode(_ rows: [[String]]) throws -> [[Float]] {
    try CategoryEncoding.encode(rows.map { try self($0) }, depth: numBins, mode: encodingMode())
  }

  /// ``encode(_:)-([[String]])`` for integers.
  public func encode(_ rows: [[Int64]]) throws -> [[Float]] {
    try CategoryEncoding.encode(rows.map { try self($0) }, depth: numBins, mode: encodingMode())
  }

  func encodingMode() throws -> CategoryEncoding.Mode {
    switch outputMode {
    case .int:
      throw PreprocessingError.invalidArgument(
        layer: "Hashing", "output mode int has no dense encoding; call the layer for bins")
    case .oneHot: return .oneHot
    case .multiHot: return .multiHot
    case .count: return .count
    }
  }
}
