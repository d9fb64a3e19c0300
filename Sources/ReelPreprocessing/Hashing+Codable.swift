import ReelPipeline

/// Saved as Keras's config keys: `{"num_bins": 10, "mask_value": null, "salt": null,
/// "output_mode": "int"}`. Decoding checks the values as Keras's constructor does: `salt` may
/// be one integer or a pair, `mask_value` a string or an integer, `num_bins` at least 1.
extension Hashing: Codable {
  enum CodingKeys: String, CodingKey {
    case numBins = "num_bins"
    case maskValue = "mask_value"
    case salt
    case outputMode = "output_mode"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func invalid(_ message: String) -> PreprocessingError {
      .invalidArgument(layer: "Hashing", message)
    }
    guard let numBins = try? c.decode(Int.self, forKey: .numBins) else {
      throw invalid("num_bins must be an integer ≥ 1")
    }
    let maskValue: Value?
    switch try c.decodeIfPresent(JSONValue.self, forKey: .maskValue) ?? .null {
    case .null: maskValue = nil
    case .string(let s): maskValue = .string(s)
    case .int(let v): maskValue = .int(v)
    case let other: throw invalid("mask_value must be a string or an integer, got \(other)")
    }
    let salt: Salt?
    switch try c.decodeIfPresent(JSONValue.self, forKey: .salt) ?? .null {
    case .null: salt = nil
    case .int(let k): salt = .single(k)
    case .array(let pair) where pair.count == 2:
      guard case .int(let k0) = pair[0], case .int(let k1) = pair[1] else {
        throw invalid("salt must be a single integer or a pair of integers, got \(pair)")
      }
      salt = .pair(k0, k1)
    case let other:
      throw invalid("salt must be a single integer or a pair of integers, got \(other)")
    }
    let mode = try c.decodeIfPresent(String.self, forKey: .outputMode) ?? "int"
    guard let outputMode = OutputMode(rawValue: mode) else {
      throw invalid("output_mode must be int, one_hot, multi_hot or count, got \(mode)")
    }
    try self.init(numBins: numBins, maskValue: maskValue, salt: salt, outputMode: outputMode)
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(numBins, forKey: .numBins)
    switch maskValue {
    case nil: try c.encodeNil(forKey: .maskValue)
    case .string(let s): try c.encode(s, forKey: .maskValue)
    case .int(let v): try c.encode(v, forKey: .maskValue)
    }
    switch salt {
    case nil: try c.encodeNil(forKey: .salt)
    case .single(let k): try c.encode(k, forKey: .salt)
    case .pair(let k0, let k1): try c.encode([k0, k1], forKey: .salt)
    }
    try c.encode(outputMode, forKey: .outputMode)
  }
}
