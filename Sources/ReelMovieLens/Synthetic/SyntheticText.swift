/// A growable byte buffer for writing MovieLens text without building a `String` per field.
///
/// Integers and ratings are written digit by digit; strings are written as UTF-8 or as
/// latin-1 (one byte per character, for ml-100k and ml-1m).
///
///     var text = TextBuffer()
///     text.append(196); text.append(byte: 0x09); text.appendRating(halfStars: 7, style: .csv)
///     text.bytes   // "196\t3.5" as bytes
struct TextBuffer {
  /// The bytes written so far.
  var bytes: [UInt8] = []

  init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

  /// How a rating is spelled in a release.
  enum RatingStyle {
    /// ml-100k, ml-1m: whole stars, `5`.
    case whole
    /// ml-10m: `5` or `3.5`.
    case dat
    /// CSV releases: always one decimal, `5.0`, `3.5`.
    case csv
  }

  mutating func append(byte: UInt8) { bytes.append(byte) }

  mutating func append(ascii: StaticString) {
    ascii.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  mutating func append<I: BinaryInteger>(_ value: I) {
    var v = Int64(value)
    if v < 0 {
      bytes.append(UInt8(ascii: "-"))
      v = -v
    }
    if v < 10 {
      bytes.append(UInt8(truncatingIfNeeded: v) &+ 48)
      return
    }
    var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var count = 0
    withUnsafeMutableBytes(of: &digits) { raw in
      while v > 0 {
        raw[count] = UInt8(truncatingIfNeeded: v % 10) &+ 48
        v /= 10
        count += 1
      }
      for k in stride(from: count - 1, through: 0, by: -1) { bytes.append(raw[k]) }
    }
  }

  /// Appends `value` zero-padded to at least `width` digits (`0114709`).
  mutating func append(_ value: Int, zeroPaddedTo width: Int) {
    let digits = String(value)
    for _ in digits.count..<max(width, digits.count) { bytes.append(UInt8(ascii: "0")) }
    bytes.append(contentsOf: digits.utf8)
  }

  /// Appends a rating given in half stars (`7` is 3.5 stars).
  mutating func appendRating(halfStars: UInt8, style: RatingStyle) {
    let whole = halfStars / 2
    let half = halfStars % 2 == 1
    bytes.append(whole &+ 48)
    switch style {
    case .whole: break
    case .dat:
      if half { bytes.append(contentsOf: [UInt8(ascii: "."), UInt8(ascii: "5")]) }
    case .csv:
      bytes.append(UInt8(ascii: "."))
      bytes.append(half ? UInt8(ascii: "5") : UInt8(ascii: "0"))
    }
  }

  /// Appends `text` as UTF-8, or as latin-1 when `latin1` is true.
  ///
  /// - Precondition: with `latin1`, every character of `text` is at most U+00FF.
  mutating func append(_ text: String, latin1: Bool = false) {
    if latin1 {
      bytes.append(contentsOf: Latin1.encode(text))
    } else {
      bytes.append(contentsOf: text.utf8)
    }
  }

  /// Appends a CSV field with minimal quoting: quoted iff it holds `,` or `"`, with
  /// embedded quotes doubled (Python's `csv.QUOTE_MINIMAL`).
  mutating func appendCSVField(_ text: String) {
    let utf8 = text.utf8
    guard utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") }) else {
      bytes.append(contentsOf: utf8)
      return
    }
    bytes.append(UInt8(ascii: "\""))
    for byte in utf8 {
      if byte == UInt8(ascii: "\"") { bytes.append(byte) }
      bytes.append(byte)
    }
    bytes.append(UInt8(ascii: "\""))
  }

  /// Ends a line with LF, or CRLF for CSV files.
  mutating func endLine(crlf: Bool) {
    if crlf { bytes.append(0x0D) }
    bytes.append(0x0A)
  }
}

/// ISO-8859-1 encoding: one byte per character U+0000...U+00FF.
///
///     Latin1.encode("Alien³")   // [0x41, 0x6C, 0x69, 0x65, 0x6E, 0xB3]
enum Latin1 {
  /// Whether every character of `text` fits in latin-1.
  static func canEncode(_ text: String) -> Bool {
    text.unicodeScalars.allSatisfy { $0.value <= 0xFF }
  }

  /// The latin-1 bytes of `text`.
  ///
  /// - Precondition: `canEncode(text)`.
  static func encode(_ text: String) -> [UInt8] {
    text.unicodeScalars.map {
      precondition($0.value <= 0xFF, "\(text) is not latin-1")
      return UInt8($0.value)
    }
  }
}
