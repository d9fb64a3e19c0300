/// Byte-level field parsing: integers and decimal ratings straight from UTF-8/latin-1 bytes,
/// with no `String` per field and no allocation.
enum ByteFields {
  /// Parses an optionally signed decimal integer filling `bytes[start..<end]` exactly.
  @inline(__always)
  static func int(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    var i = start
    var negative = false
    if i < end && p[i] == UInt8(ascii: "-") {
      negative = true
      i += 1
    }
    guard i < end, end - i <= 18 else { return nil }
    var value = 0
    while i < end {
      let digit = Int(p[i]) &- 48
      guard digit >= 0 && digit <= 9 else { return nil }
      value = value &* 10 &+ digit
      i += 1
    }
    return negative ? -value : value
  }

  /// Parses a rating written `3`, `3.5` or `4.0` into half-star units (`7` for 3.5).
  @inline(__always)
  static func halfStars(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
    var i = start
    var whole = 0
    guard i < end else { return nil }
    while i < end && p[i] != UInt8(ascii: ".") {
      let digit = Int(p[i]) &- 48
      guard digit >= 0 && digit <= 9, i - start < 3 else { return nil }
      whole = whole * 10 + digit
      i += 1
    }
    guard i > start else { return nil }
    if i == end { return whole * 2 }
    i += 1  // "."
    guard i + 1 == end else { return nil }
    switch p[i] {
    case UInt8(ascii: "0"): return whole * 2
    case UInt8(ascii: "5"): return whole * 2 + 1
    default: return nil
    }
  }

  /// The text of `bytes` decoded as latin-1 (every byte is one Unicode scalar) or UTF-8
  /// (invalid sequences are an error: nil).
  static func text(_ bytes: UnsafeBufferPointer<UInt8>, latin1: Bool) -> String? {
    if latin1 {
      if !bytes.contains(where: { $0 >= 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
      var scalars = String.UnicodeScalarView()
      scalars.append(contentsOf: bytes.map { Unicode.Scalar($0) })
      return String(scalars)
    }
    return String(validating: bytes, as: UTF8.self)
  }
}
