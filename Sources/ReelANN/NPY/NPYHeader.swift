import ReelRecommenders

/// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0): the element type,
/// the memory order and the shape.
///
/// A file is the magic `\x93NUMPY`, a major and minor version byte, the header length
/// (`UInt16` for 1.0, `UInt32` for 2.0/3.0, little-endian), then a Python dict literal such as
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }` padded with spaces and a
/// newline so that the data starts at a multiple of 64 bytes.
///
///     let header = try NPYHeader(parsing: bytes, file: "items.npy")
///     header.descr   // "<f4"
///     header.shape   // [1000, 64]
public struct NPYHeader: Equatable, Sendable {
  /// The NumPy type string, e.g. `<f4`, `<f8`, `<i8`, `<i4`.
  public var descr: String
  /// Whether the data is in column-major (Fortran) order.
  public var fortranOrder: Bool
  /// The array's shape (empty for a scalar).
  public var shape: [Int]
  /// The byte offset of the data, once parsed.
  public internal(set) var dataOffset: Int = 0

  /// A header for writing.
  public init(descr: String, fortranOrder: Bool = false, shape: [Int]) {
    self.descr = descr
    self.fortranOrder = fortranOrder
    self.shape = shape
  }

  static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

  /// The number of elements.
  public var elementCount: Int { shape.reduce(1, *) }

  /// The size in bytes of one element of `descr` (`f4` → 4), or nil for an unknown type.
  var elementSize: Int? {
    guard descr.count >= 3, let size = Int(descr.dropFirst(2)) else { return nil }
    return size
  }

  /// Parses the header at the start of `bytes`; `file` names the file in errors.
  ///
  /// - Throws: ``RecommenderError`` when the magic, version or dict is malformed.
  public init(parsing bytes: UnsafeRawBufferPointer, file: String) throws {
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: file, reason: reason)
    }
    guard bytes.count >= 10, Array(bytes[0..<6]) == NPYHeader.magic else {
      throw fail("not a .npy file (missing the \\x93NUMPY magic)")
    }
    let major = bytes[6]
    let headerLength: Int
    let start: Int
    switch major {
    case 1:
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
      start = 10
    case 2, 3:
      guard bytes.count >= 12 else { throw fail("truncated .npy header") }
      headerLength = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
      start = 12
    default:
      throw fail("unsupported .npy format version \(major).\(bytes[7]) (reads 1.0, 2.0, 3.0)")
    }
    guard bytes.count >= start + headerLength else {
      throw fail(
        "truncated .npy header: \(bytes.count) bytes, the header needs \(start + headerLength)")
    }
    let text = String(decoding: bytes[start..<(start + headerLength)], as: UTF8.self)
    descr = try NPYHeader.value(of: "descr", in: text, file: file)
    let order = try NPYHeader.value(of: "fortran_order", in: text, file: file)
    switch order {
    case "False": fortranOrder = false
    case "True": fortranOrder = true
    default: throw fail("fortran_order is \(order), expected True or False")
    }
    let shapeText = try NPYHeader.value(of: "shape", in: text, file: file)
    let inner = shapeText.trimmingCharacters(in: "()")
    var dims: [Int] = []
    for part in inner.split(separator: ",") {
      let trimmed = String(part).trimmingCharacters(in: " L")
      if trimmed.isEmpty { continue }
      guard let dim = Int(trimmed), dim >= 0 else {
        throw fail("bad shape \(shapeText) in the .npy header")
      }
      dims.append(dim)
    }
    shape = dims
    dataOffset = start + headerLength
  }

  /// The text of `key`'s value in the dict literal: a quoted string unquoted, a tuple with its
  /// parentheses, or a bare word.
  private static func value(of key: String, in text: String, file: String) throws -> String {
    let chars = Array(text)
    let pattern = Array("'\(key)'")
    var i = 0
    var found = -1
    while i + pattern.count <= chars.count {
      if Array(chars[i..<(i + pattern.count)]) == pattern {
        found = i + pattern.count
        break
      }
      i += 1
    }
    guard found >= 0 else {
      throw RecommenderError(component: file, reason: "the .npy header has no '\(key)' entry")
    }
    var j = found
    while j < chars.count && (chars[j] == " " || chars[j] == ":") { j += 1 }
    guard j < chars.count else {
      throw RecommenderError(component: file, reason: "the .npy header's '\(key)' has no value")
    }
    if chars[j] == "'" || chars[j] == "\"" {
      let quote = chars[j]
      guard let end = chars[(j + 1)...].firstIndex(of: quote) else {
        throw RecommenderError(component: file, reason: "unterminated string in the .npy header")
      }
      return String(chars[(j + 1)..<end])
    }
    if chars[j] == "(" {
      guard let end = chars[j...].firstIndex(of: ")") else {
        throw RecommenderError(component: file, reason: "unterminated shape in the .npy header")
      }
      return String(chars[j...end])
    }
    var end = j
    while end < chars.count && chars[end] != "," && chars[end] != "}" { end += 1 }
    return String(chars[j..<end]).trimmingCharacters(in: " ")
  }

  /// The header bytes for writing (format 1.0, or 2.0 when the dict is too long), padded so
  /// the data starts at a multiple of 64 bytes.
  func encoded() -> [UInt8] {
    let dims = shape.map(String.init)
    let shapeText = dims.count == 1 ? "(\(dims[0]),)" : "(\(dims.joined(separator: ", ")))"
    var dict =
      "{'descr': '\(descr)', 'fortran_order': \(fortranOrder ? "True" : "False"), "
      + "'shape': \(shapeText), }"
    let useV2 = dict.utf8.count + 11 > 65_535
    let prefix = useV2 ? 12 : 10
    let total = (prefix + dict.utf8.count + 1 + 63) / 64 * 64
    dict += String(repeating: " ", count: total - prefix - dict.utf8.count - 1) + "\n"
    var bytes = NPYHeader.magic + [useV2 ? 2 : 1, 0]
    let length = dict.utf8.count
    if useV2 {
      bytes += (0..<4).map { UInt8((length >> (8 * $0)) & 0xFF) }
    } else {
      bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
    }
    return bytes + Array(dict.utf8)
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let chars = Set(set)
    var s = Substring(self)
    while let first = s.first, chars.contains(first) { s = s.dropFirst() }
    while let last = s.last, chars.contains(last) { s = s.dropLast() }
    return String(s)
  }
}
