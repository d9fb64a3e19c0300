/// JSON state: `{"sampleShape", "axis", "invert", "mean", "variance", "count",
/// "hasGivenStatistics"}`. The older `{"features", "invert", "mean", "variance", "count"}`
/// form (rows of `features` values, `axis=-1`) still loads. Decoding validates the lengths
/// against the kept shape, finite values and variance ≥ 0.
extension Normalization: Codable {
  private enum CodingKeys: String, CodingKey {
    case features, sampleShape, axis, invert, mean, variance, count, hasGivenStatistics
  }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let shape: [Int]
    if let sampleShape = try container.decodeIfPresent([Int].self, forKey: .sampleShape) {
      shape = sampleShape
    } else {
      shape = [try container.decode(Int.self, forKey: .features)]
    }
    // `null` is `.none`, so a missing key (older state) is told apart with `contains`.
    let axis = container.contains(.axis) ? try container.decode(Axis.self, forKey: .axis) : .last
    let invert = try container.decodeIfPresent(Bool.self, forKey: .invert) ?? false
    let mean = try container.decode([Double].self, forKey: .mean)
    let variance = try container.decode([Double].self, forKey: .variance)
    let count = try container.decode(Int.self, forKey: .count)
    let given = try container.decodeIfPresent(Bool.self, forKey: .hasGivenStatistics) ?? false
    do {
      self = try Normalization(sampleShape: shape, axis: axis, invert: invert, given: given ? (mean, variance) : nil)
    } catch let PreprocessingError.invalidArgument(layer, message) {
      throw PreprocessingError.invalidState(layer: layer, message)
    }
    guard mean.count == self.mean.count, variance.count == self.variance.count else {
      throw PreprocessingError.invalidState(
        layer: "Normalization", "mean and variance need \(self.mean.count) values for shape \(statisticsShape)")
    }
    guard mean.allSatisfy(\.isFinite), variance.allSatisfy({ $0.isFinite && $0 >= 0 }), count >= 0 else {
      throw PreprocessingError.invalidState(layer: "Normalization", "mean and variance must be finite, variance ≥ 0, count ≥ 0")
    }
    self.mean = mean
    self.variance = variance
    self.count = count
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(sampleShape, forKey: .sampleShape)
    try container.encode(axis, forKey: .axis)
    try container.encode(invert, forKey: .invert)
    try container.encode(mean, forKey: .mean)
    try container.encode(variance, forKey: .variance)
    try container.encode(count, forKey: .count)
    try container.encode(hasGivenStatistics, forKey: .hasGivenStatistics)
  }
}
