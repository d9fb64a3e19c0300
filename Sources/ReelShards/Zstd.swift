import CZstd

/// An error reported by libzstd, with its message.
public struct ZstdError: Error, CustomStringConvertible, Sendable {
  /// libzstd's error code name (`ZSTD_getErrorName`).
  public let message: String
  public var description: String { "zstd: \(message)" }
}

/// The only place Reel calls libzstd. One-shot compression of a whole block with the frame
/// content size and the XXH64 content checksum enabled; one-shot decompression into a buffer of
/// the size the shard footer records.
enum Zstd {
  /// Compresses `input` at `level` (1...22; 3 is zstd's default).
  static func compress(_ input: [UInt8], level: Int32) throws -> [UInt8] {
    guard let context = ZSTD_createCCtx() else { throw ZstdError(message: "cannot create a context") }
    defer { ZSTD_freeCCtx(context) }
    try check(ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, level))
    try check(ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 1))
    try check(ZSTD_CCtx_setParameter(context, ZSTD_c_contentSizeFlag, 1))
    let bound = ZSTD_compressBound(input.count)
    var output = [UInt8](repeating: 0, count: bound)
    let written = try output.withUnsafeMutableBytes { out in
      try input.withUnsafeBytes { source in
        try check(ZSTD_compress2(context, out.baseAddress, bound, source.baseAddress, source.count))
      }
    }
    output.removeSubrange(written...)
    return output
  }

  /// Decompresses one frame whose payload is exactly `expectedSize` bytes. The frame's content
  /// checksum is verified by libzstd.
  static func decompress(_ input: UnsafeRawBufferPointer, expectedSize: Int) throws -> [UInt8] {
    let declared = ZSTD_getFrameContentSize(input.baseAddress, input.count)
    if declared == ZSTD_CONTENTSIZE_ERROR { throw ZstdError(message: "not a zstd frame") }
    if declared != ZSTD_CONTENTSIZE_UNKNOWN, declared != UInt64(expectedSize) {
      throw ZstdError(message: "frame holds \(declared) bytes, the index says \(expectedSize)")
    }
    var output = [UInt8](repeating: 0, count: expectedSize)
    let written = try output.withUnsafeMutableBytes { out in
      try check(ZSTD_decompress(out.baseAddress, expectedSize, input.baseAddress, input.count))
    }
    guard written == expectedSize else {
      throw ZstdError(message: "decompressed \(written) bytes, expected \(expectedSize)")
    }
    return output
  }

  /// The libzstd version string, for reports.
  static var version: String { String(cString: ZSTD_versionString()) }

  @discardableResult
  private static func check(_ code: Int) throws -> Int {
    if ZSTD_isError(code) != 0 { throw ZstdError(message: String(cString: ZSTD_getErrorName(code))) }
    return code
  }
}
