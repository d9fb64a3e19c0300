/// A `Float` that survives JSON even when it is not finite: finite values are plain numbers,
/// the others the strings `"Infinity"`, `"-Infinity"` and `"NaN"` (Foundation's JSON coders
/// reject non-finite numbers by default, and Keras's adapted boundaries can be ±infinity).
struct NonFiniteFloat: Codable, Equatable {
  var value: Float

  init(_ value: Float) { self.value = value }

  init(from decoder: Decoder) throws {
    let container = try decoder.singleValueContainer()
    if let number = try? container.decode(Float.self) {
      value = number
      return
    }
    switch try container.decode(String.self) {
    case "Infinity": value = .infinity
    case "-Infinity": value = -.infinity
    case "NaN": value = .nan
    case let other:
      throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(other)")
    }
  }

  func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    if value.isFinite {
      try container.encode(value)
    } else {
      try container.encode(value.isNaN ? "NaN" : value > 0 ? "Infinity" : "-Infinity")
    }
  }

  /// `values` wrapped for coding.
  static func wrap(_ values: [Float]) -> [NonFiniteFloat] { values.map(NonFiniteFloat.init) }
  /// The plain values.
  static func unwrap(_ values: [NonFiniteFloat]) -> [Float] { values.map(\.value) }
}
