/// JSON state: `{"numBins", "epsilon", "outputMode", "binBoundaries"}` with `binBoundaries` null
/// until a `numBins` layer is adapted and ±infinity written as `"Infinity"` / `"-Infinity"`.
/// Decoding validates like the constructor (sorted, non-NaN boundaries; `numBins ≥ 1`;
/// `0 < epsilon < 1`). Missing keys take Keras's defaults, so the older
/// `{"binBoundaries": [...]}` form still loads.
extension Discretization: Codable {
  private enum CodingKeys: String, CodingKey { case numBins, epsilon, outputMode, binBoundaries }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let numBins = try container.decodeIfPresent(Int.self, forKey: .numBins)
    let epsilon = try container.decodeIfPresent(Double.self, forKey: .epsilon) ?? 0.01
    let outputMode = try container.decodeIfPresent(OutputMode.self, forKey: .outputMode) ?? .int
    let boundaries = try container.decodeIfPresent([NonFiniteFloat].self, forKey: .binBoundaries)
      .map(NonFiniteFloat.unwrap)
    do {
      if let numBins {
        self = try Discretization(numBins: numBins, epsilon: epsilon, outputMode: outputMode)
        if let boundaries {
          try Self.validate(boundaries: boundaries)
          self.boundaries = boundaries
        }
      } else {
        self = try Discretization(binBoundaries: boundaries, epsilon: epsilon, outputMode: outputMode)
      }
    } catch let PreprocessingError.invalidArgument(layer, message) {
      throw PreprocessingError.invalidState(layer: layer, message)
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encodeIfPresent(numBins, forKey: .numBins)
    try container.encode(epsilon, forKey: .epsilon)
    try container.encode(outputMode, forKey: .outputMode)
    try container.encode(boundaries.map(NonFiniteFloat.wrap), forKey: .binBoundaries)
  }
}
