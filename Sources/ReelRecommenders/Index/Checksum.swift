import CReelChecksum

/// CRC-32C of index files; the one place this module calls the C checksum.
enum Checksum {
  /// The CRC-32C of `bytes`.
  static func crc32c(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
    reel_crc32c_extend(0, bytes.baseAddress, bytes.count)
  }
}
