/// Splits one line of a MovieLens text file into fields, decoding text as latin-1 or UTF-8.
/// Used for the small tables (movies, users, tags, links); ratings have their own byte parser.
enum TextFields {
  /// The fields of `bytes` separated by `separator` (`|`, `\t` or `::`), without quoting.
  static func split(_ bytes: UnsafeBufferPointer<UInt8>, separator: [UInt8], latin1: Bool) -> [String]? {
    var fields: [String] = []
    var start = 0
    var i = 0
    let n = bytes.count
    while i <= n - separator.count {
      if bytes[i] == separator[0] && (separator.count == 1 || bytes[i + 1] == separator[1]) {
        guard let text = ByteFields.text(UnsafeBufferPointer(rebasing: bytes[start..<i]), latin1: latin1) else { return nil }
        fields.append(text)
        i += separator.count
        start = i
      } else {
        i += 1
      }
    }
    guard let last = ByteFields.text(UnsafeBufferPointer(rebasing: bytes[start..<n]), latin1: latin1) else { return nil }
    fields.append(last)
    return fields
  }

  /// The fields of a CSV line with MovieLens's minimal quoting: a field is quoted when it
  /// contains `,` or `"`, and an embedded `"` is doubled.
  ///
  /// - Returns: the fields, or a reason for malformed quoting or invalid UTF-8.
  static func splitCSV(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<[String], CSVError> {
    var fields: [String] = []
    var i = 0
    let n = bytes.count
    while true {
      var field: [UInt8] = []
      if i < n && bytes[i] == 0x22 {
        i += 1
        var closed = false
        while i < n {
          if bytes[i] == 0x22 {
            if i + 1 < n && bytes[i + 1] == 0x22 {
              field.append(0x22)
              i += 2
              continue
            }
            closed = true
            i += 1
            break
          }
          field.append(bytes[i])
          i += 1
        }
        guard closed else { return .failure(.unterminatedQuote(field: fields.count + 1)) }
        guard i == n || bytes[i] == 0x2C else { return .failure(.textAfterQuote(field: fields.count + 1)) }
      } else {
        while i < n && bytes[i] != 0x2C {
          if bytes[i] == 0x22 { return .failure(.strayQuote(field: fields.count + 1)) }
          field.append(bytes[i])
          i += 1
        }
      }
      guard let text = String(validating: field, as: UTF8.self) else { return .failure(.invalidUTF8(field: fields.count + 1)) }
      fields.append(text)
      if i >= n { break }
      i += 1  // the comma
    }
    return .success(fields)
  }

  /// Why a CSV line is malformed.
  enum CSVError: Error, CustomStringConvertible {
    case unterminatedQuote(field: Int)
    case textAfterQuote(field: Int)
    case strayQuote(field: Int)
    case invalidUTF8(field: Int)

    var description: String {
      switch self {
      case .unterminatedQuote(let f): return "field \(f): unterminated quote"
      case .textAfterQuote(let f): return "field \(f): text after the closing quote"
      case .strayQuote(let f): return "field \(f): a quote inside an unquoted field"
      case .invalidUTF8(let f): return "field \(f): invalid UTF-8"
      }
    }
  }
}

/// The lines of a whole (small) file with their 1-based numbers, `\r\n` or `\n` stripped;
/// blank lines are skipped.
func forEachLine(_ bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, Int) throws -> Void) rethrows {
  try bytes.withUnsafeBufferPointer { buffer in
    var start = 0
    var line = 1
    while start < buffer.count {
      var end = start
      while end < buffer.count && buffer[end] != 0x0A { end += 1 }
      var stop = end
      if stop > start && buffer[stop - 1] == 0x0D { stop -= 1 }
      if stop > start { try body(UnsafeBufferPointer(rebasing: buffer[start..<stop]), line) }
      start = end + 1
      line += 1
    }
  }
}
