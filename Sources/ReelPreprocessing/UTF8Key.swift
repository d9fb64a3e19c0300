/// A string compared and hashed by its UTF-8 bytes, as TensorFlow compares strings.
///
/// Swift's `String` equality is Unicode canonical equivalence: `"é"` (U+00E9) equals `"e"` +
/// U+0301. Keras lookup tables compare bytes, so they are two tokens there; ``StringLookup``
/// keys its tables by `UTF8Key` to keep them apart.
///
///     UTF8Key("\u{E9}") == UTF8Key("e\u{301}")   // false
///     "\u{E9}" == "e\u{301}"                     // true
public struct UTF8Key: Hashable, Sendable, Comparable, CustomStringConvertible, ExpressibleByStringLiteral, Codable {
  /// The string.
  public let string: String

  public init(_ string: String) { self.string = string }
  public init(stringLiteral value: String) { string = value }

  public static func == (a: UTF8Key, b: UTF8Key) -> Bool { a.string.utf8.elementsEqual(b.string.utf8) }

  /// Byte order (the order TensorFlow sorts strings in).
  public static func < (a: UTF8Key, b: UTF8Key) -> Bool { a.string.utf8.lexicographicallyPrecedes(b.string.utf8) }

  public func hash(into hasher: inout Hasher) {
    var s = string
    s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
  }

  public var description: String { string }

  public init(from decoder: any Decoder) throws { string = try decoder.singleValueContainer().decode(String.self) }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.singleValueContainer()
    try c.encode(string)
  }
}
