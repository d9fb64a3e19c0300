import CReelChecksum

/// CRC-32C (Castagnoli), the checksum of shard blocks, footers and files.
///
///     CRC32C.checksum(Array("123456789".utf8))   // 0xE3069283
///
/// Uses the CPU's `crc32` instruction (SSE4.2) when present: several GB/s per core.
public enum CRC32C {
  /// The checksum of `bytes`.
  public static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    reel_crc32c_extend(0, bytes.baseAddress, bytes.count)
  }

  /// The checksum of `bytes`.
  public static func checksum(_ bytes: [UInt8]) -> UInt32 {
    bytes.withUnsafeBytes { checksum($0) }
  }

  /// Extends `crc` (the checksum of earlier bytes) over `bytes`.
  public static func extend(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
    reel_crc32c_extend(crc, bytes.baseAddress, bytes.count)
  }

  /// Whether the hardware instruction is used.
  public static var isHardwareAccelerated: Bool { reel_crc32c_hardware() != 0 }
}
