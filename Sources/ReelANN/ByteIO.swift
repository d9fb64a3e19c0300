/// Little-endian encoding of index files.
struct ByteWriter {
  var bytes: [UInt8] = []

  mutating func append<T: FixedWidthInteger>(_ value: T) {
    withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
  }

  mutating func append(floats: UnsafeBufferPointer<Float>) {
    bytes.reserveCapacity(bytes.count + 4 * floats.count)
    for v in floats { append(v.bitPattern) }
  }

  mutating func append<T: FixedWidthInteger>(integers: [T]) {
    bytes.reserveCapacity(bytes.count + MemoryLayout<T>.size * integers.count)
    for v in integers { append(v) }
  }
}

/// Little-endian decoding with bounds checks; `fail` makes the error for reading past the end.
struct ByteReader {
  let raw: UnsafeRawBufferPointer
  var offset = 0
  let fail: (String) -> Error

  mutating func read<T: FixedWidthInteger>(_: T.Type = T.self) throws -> T {
    let size = MemoryLayout<T>.size
    guard offset + size <= raw.count else { throw fail("truncated at byte \(offset)") }
    defer { offset += size }
    return T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
  }

  mutating func readFloats(_ count: Int) throws -> [Float] {
    let start = try skipFloats(count)
    return (0..<count).map { float(at: start + 4 * $0) }
  }

  /// Moves past `count` floats (checking they are there) and returns where they start, for
  /// callers that decode them in place with ``float(at:)``.
  mutating func skipFloats(_ count: Int) throws -> Int {
    guard count >= 0, count <= (raw.count - offset) / 4 else {
      throw fail("truncated: \(count) floats at byte \(offset) run past the end")
    }
    defer { offset += 4 * count }
    return offset
  }

  /// The little-endian float at `byteOffset` (no bounds check beyond `raw`'s own).
  func float(at byteOffset: Int) -> Float {
    Float(
      bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: byteOffset, as: UInt32.self)))
  }

  mutating func readIntegers<T: FixedWidthInteger>(_ count: Int, as: T.Type = T.self) throws -> [T]
  {
    let size = MemoryLayout<T>.size
    guard count >= 0, count <= (raw.count - offset) / size else {
      throw fail("truncated: \(count) values at byte \(offset) run past the end")
    }
    let start = offset
    offset += size * count
    return (0..<count).map {
      T(littleEndian: raw.loadUnaligned(fromByteOffset: start + size * $0, as: T.self))
    }
  }
}
