/// The stream transforms of the shard format (Docs/ShardFormat.md §3, "Stream encodings"):
/// delta coding of non-decreasing integers and byte-plane transposition, which together let
/// zstd compress ids, timestamps and floats far better than raw little-endian values.
enum StreamCodec {
  static let delta: UInt8 = 1
  static let bytePlanes: UInt8 = 2

  /// The little-endian bytes of `values`, encoded with `encoding`.
  static func encode<T: FixedWidthInteger>(_ values: [T], encoding: UInt8) -> [UInt8] {
    var source = values
    if encoding & delta != 0, source.count > 1 {
      for i in stride(from: source.count - 1, to: 0, by: -1) { source[i] = source[i] &- source[i - 1] }
    }
    return bytes(of: source, planes: encoding & bytePlanes != 0)
  }

  /// The little-endian bytes of floating-point `values`, optionally in byte planes.
  static func encode<T: BinaryFloatingPoint>(_ values: [T], planes: Bool) -> [UInt8] {
    bytes(of: values, planes: planes)
  }

  /// Decodes `count` integers of type `T` from `bytes`.
  static func decode<T: FixedWidthInteger>(
    _ bytes: UnsafeRawBufferPointer, count: Int, encoding: UInt8, as: T.Type
  ) -> [T] {
    var values = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      fill(UnsafeMutableRawBufferPointer(buffer), from: bytes, count: count, width: MemoryLayout<T>.size, planes: encoding & bytePlanes != 0)
      initialized = count
    }
    for i in values.indices { values[i] = T(littleEndian: values[i]) }
    if encoding & delta != 0, count > 1 {
      for i in 1..<count { values[i] = values[i] &+ values[i - 1] }
    }
    return values
  }

  /// Decodes `count` floating-point values of type `T` from `bytes`.
  static func decodeFloats<T: BinaryFloatingPoint>(
    _ bytes: UnsafeRawBufferPointer, count: Int, planes: Bool, as: T.Type
  ) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
      fill(UnsafeMutableRawBufferPointer(buffer), from: bytes, count: count, width: MemoryLayout<T>.size, planes: planes)
      initialized = count
    }
  }

  // MARK: - Byte planes

  private static func bytes<T>(of values: [T], planes: Bool) -> [UInt8] {
    values.withUnsafeBytes { raw in
      let width = MemoryLayout<T>.size
      guard planes, width > 1 else { return Array(raw) }
      let count = values.count
      return [UInt8](unsafeUninitializedCapacity: raw.count) { out, initialized in
        for j in 0..<width {
          let plane = out.baseAddress! + j * count
          for i in 0..<count { plane[i] = raw[i &* width &+ j] }
        }
        initialized = raw.count
      }
    }
  }

  /// Copies `count × width` bytes from `source` into `destination`, undoing byte planes.
  private static func fill(
    _ destination: UnsafeMutableRawBufferPointer, from source: UnsafeRawBufferPointer, count: Int,
    width: Int, planes: Bool
  ) {
    let total = count * width
    guard total > 0 else { return }
    guard planes, width > 1 else {
      destination.baseAddress!.copyMemory(from: source.baseAddress!, byteCount: total)
      return
    }
    let out = destination.baseAddress!.assumingMemoryBound(to: UInt8.self)
    let src = source.baseAddress!.assumingMemoryBound(to: UInt8.self)
    for j in 0..<width {
      let plane = src + j * count
      for i in 0..<count { out[i &* width &+ j] = plane[i] }
    }
  }
}
