import Foundation

/// The JSON header of a safetensors file: where each tensor's bytes are, and the metadata.
///
/// Layout of a file: 8 bytes little-endian header length `N`; `N` bytes of UTF-8 JSON that
/// starts with `{` and may end in spaces; then the data, which the tensors' `data_offsets`
/// (relative to the end of the header) must cover exactly, without holes or overlaps.
struct SafeTensorsHeader {
  struct Entry: Equatable {
    var name: String
    var dtype: String
    var shape: [Int]
    /// Start and end (exclusive) in the data area.
    var begin: Int
    var end: Int
  }

  /// The largest header accepted (as the reference implementation: 100 MB).
  static let maximumLength = 100_000_000

  var entries: [Entry]
  var metadata: [String: String]

  init(entries: [Entry], metadata: [String: String]) {
    self.entries = entries
    self.metadata = metadata
  }

  // MARK: - Writing

  /// The layout for `tensors`: 8-byte elements first so they stay 8-byte aligned, then by
  /// name (the order the reference implementation writes).
  init(laying tensors: [String: SafeTensorsValue], metadata: [String: String]) {
    let order = tensors.keys.sorted { a, b in
      let (ea, eb) = (elementSize(tensors[a]!), elementSize(tensors[b]!))
      return ea != eb ? ea > eb : a < b
    }
    var offset = 0
    entries = order.map { name in
      let value = tensors[name]!
      defer { offset += value.byteCount }
      return Entry(
        name: name, dtype: value.dtype, shape: value.shape, begin: offset,
        end: offset + value.byteCount)
    }
    self.metadata = metadata
  }

  /// The 8-byte length and the JSON, padded with spaces so the data starts 8-byte aligned.
  func encoded() -> [UInt8] {
    var json = "{"
    var first = true
    func key(_ k: String) {
      json += first ? "" : ","
      first = false
      json += Self.quoted(k) + ":"
    }
    if !metadata.isEmpty {
      key("__metadata__")
      json +=
        "{"
        + metadata.keys.sorted().map { Self.quoted($0) + ":" + Self.quoted(metadata[$0]!) }
        .joined(separator: ",") + "}"
    }
    for e in entries {
      key(e.name)
      json +=
        "{\"dtype\":\"\(e.dtype)\",\"shape\":[\(e.shape.map(String.init).joined(separator: ","))],"
        + "\"data_offsets\":[\(e.begin),\(e.end)]}"
    }
    json += "}"
    var body = Array(json.utf8)
    while (8 + body.count) % 8 != 0 { body.append(0x20) }
    var length = UInt64(body.count).littleEndian
    return withUnsafeBytes(of: &length) { Array($0) } + body
  }

  /// `s` as a JSON string literal.
  static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20:
        out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  // MARK: - Reading

  /// Reads and checks the header of `file`; returns it with the offset where data starts.
  ///
  /// - Throws: ``WeightFileError`` for a file too short for its header, a header that is not
  ///   a JSON object of tensor entries, an unsupported dtype, a size that does not match the
  ///   shape, or data that is truncated, has holes or overlaps, or runs past the tensors.
  static func read(from file: WeightInputFile) throws -> (SafeTensorsHeader, dataStart: Int) {
    func fail(_ reason: String) -> WeightFileError {
      WeightFileError(path: file.path, reason: reason)
    }
    guard file.size >= 8 else {
      throw fail(
        "truncated: \(file.size) bytes, too short for the 8-byte header length of a safetensors file"
      )
    }
    let lengthBytes = try file.read(count: 8, at: 0)
    let length = lengthBytes.enumerated().reduce(UInt64(0)) {
      $0 | UInt64($1.element) << (8 * $1.offset)
    }
    guard length <= UInt64(maximumLength) else {
      throw fail(
        "header length \(length) is over the \(maximumLength)-byte limit (not a safetensors file?)")
    }
    guard 8 + Int(length) <= file.size else {
      throw fail(
        "truncated: the header is \(length) bytes but only \(file.size - 8) bytes follow its length"
      )
    }
    let json = try file.read(count: Int(length), at: 8)
    guard json.first == UInt8(ascii: "{") else {
      throw fail("the header does not start with '{' (not a safetensors file?)")
    }
    let root: Any
    do {
      root = try JSONSerialization.jsonObject(with: Data(json))
    } catch {
      throw fail("the header is not valid JSON (corrupted file?)")
    }
    guard let object = root as? [String: Any] else {
      throw fail("the header is not a JSON object")
    }
    var metadata: [String: String] = [:]
    var entries: [Entry] = []
    for (name, value) in object {
      if name == "__metadata__" {
        guard let map = value as? [String: Any] else {
          throw fail("__metadata__ is not an object of strings")
        }
        for (k, v) in map {
          guard let s = v as? String else { throw fail("__metadata__ '\(k)' is not a string") }
          metadata[k] = s
        }
        continue
      }
      entries.append(try entry(name, value, fail))
    }
    let dataStart = 8 + Int(length)
    try checkLayout(entries, available: file.size - dataStart, fail)
    return (
      SafeTensorsHeader(entries: entries.sorted { $0.begin < $1.begin }, metadata: metadata),
      dataStart
    )
  }

  private static func entry(
    _ name: String, _ value: Any, _ fail: (String) -> WeightFileError
  ) throws -> Entry {
    guard let fields = value as? [String: Any] else {
      throw fail("tensor '\(name)': its entry is not an object")
    }
    guard let dtype = fields["dtype"] as? String else {
      throw fail("tensor '\(name)': no dtype")
    }
    guard let size = SafeTensorsValue.elementSize(of: dtype) else {
      throw fail("tensor '\(name)': dtype \(dtype) is not supported (Reel reads F32 and I64)")
    }
    guard let shape = integers(fields["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
      throw fail("tensor '\(name)': shape is not a list of non-negative integers")
    }
    guard let offsets = integers(fields["data_offsets"]), offsets.count == 2,
      offsets[0] >= 0, offsets[1] >= offsets[0]
    else {
      throw fail("tensor '\(name)': data_offsets is not [begin, end] with 0 ≤ begin ≤ end")
    }
    var count = 1
    for d in shape {
      let (product, overflow) = count.multipliedReportingOverflow(by: d)
      guard !overflow else { throw fail("tensor '\(name)': shape \(shape) is too large") }
      count = product
    }
    let (bytes, overflow) = count.multipliedReportingOverflow(by: size)
    guard !overflow, bytes == offsets[1] - offsets[0] else {
      throw fail(
        "tensor '\(name)': \(dtype) shape \(shape) needs \(count * size) bytes but data_offsets "
          + "\(offsets) hold \(offsets[1] - offsets[0])")
    }
    return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
  }

  private static func integers(_ value: Any?) -> [Int]? {
    guard let list = value as? [Any] else { return nil }
    var out: [Int] = []
    for item in list {
      guard let n = item as? NSNumber, let i = Int(exactly: n.doubleValue) else {
        return nil
      }
      out.append(i)
    }
    return out
  }

  /// The tensors must tile `0..<available` exactly.
  private static func checkLayout(
    _ entries: [Entry], available: Int, _ fail: (String) -> WeightFileError
  ) throws {
    let sorted = entries.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
    let needed = sorted.map(\.end).max() ?? 0
    guard needed <= available else {
      throw fail(
        "truncated: the tensors need \(needed) bytes of data after the header, the file has "
          + "\(available)")
    }
    var position = 0
    for e in sorted {
      if e.begin > position {
        throw fail(
          "bytes \(position)..<\(e.begin) of the data belong to no tensor (corrupted header?)")
      }
      if e.begin < position {
        throw fail("tensor '\(e.name)' overlaps the tensor before it (corrupted header?)")
      }
      position = e.end
    }
    guard position == available else {
      throw fail(
        "\(available - position) bytes after the last tensor belong to no tensor (corrupted file?)")
    }
  }
}

/// The size of one element of `value`'s dtype.
private func elementSize(_ value: SafeTensorsValue) -> Int {
  SafeTensorsValue.elementSize(of: value.dtype)!
}
