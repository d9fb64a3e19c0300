import Foundation
import ReelTensor

/// Saving and loading a ``BruteForce`` index.
///
/// File layout (version 1, little-endian):
///
/// | bytes | field |
/// |---|---|
/// | 8 | magic `REELBFIX` |
/// | 4 | version (`UInt32`, 1) |
/// | 4 | flags (`UInt32`; bit 0: ids present) |
/// | 8 | candidate count N (`UInt64`) |
/// | 8 | dimension d (`UInt64`) |
/// | 4·N·d | embeddings, row-major `Float32` |
/// | 8·N | ids (`Int64`), when flagged |
/// | 4 | CRC-32C of every byte before it |
extension BruteForce {
  static let fileMagic = Array("REELBFIX".utf8)
  static let fileVersion: UInt32 = 1
  private static let headerSize = 32

  /// Writes the index to `url` (atomically: a reader never sees half a file).
  ///
  ///     try index.save(to: modelDirectory.appendingPathComponent("movies.index"))
  ///
  /// - Throws: the file system's error when the file cannot be written.
  public func save(to url: URL) throws {
    let n = count
    let d = dimension
    var bytes = [UInt8]()
    bytes.reserveCapacity(BruteForce.headerSize + 4 * n * d + (ids == nil ? 0 : 8 * n) + 4)
    bytes += BruteForce.fileMagic
    append(BruteForce.fileVersion, to: &bytes)
    append(UInt32(ids == nil ? 0 : 1), to: &bytes)
    append(UInt64(n), to: &bytes)
    append(UInt64(d), to: &bytes)
    candidates.withUnsafeBufferPointer { values in
      #if _endian(little)
        bytes += UnsafeRawBufferPointer(values)
      #else
        for v in values { append(v.bitPattern, to: &bytes) }
      #endif
    }
    if let ids = ids {
      #if _endian(little)
        ids.withUnsafeBytes { bytes += $0 }
      #else
        for id in ids { append(UInt64(bitPattern: id), to: &bytes) }
      #endif
    }
    let crc = bytes.withUnsafeBytes { Checksum.crc32c($0) }
    append(crc, to: &bytes)
    try AtomicFile.write(Data(bytes), to: url)
  }

  /// Reads an index written by ``save(to:)``.
  ///
  ///     let index = try BruteForce(contentsOf: url)
  ///
  /// - Throws: ``RecommenderError`` naming the file when it is not an index file, was
  ///   written by a newer format version, is truncated or longer than its header says, or
  ///   fails its checksum; the file system's error when it cannot be read.
  public init(contentsOf url: URL) throws {
    let data = try Data(contentsOf: url)
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: url.path, reason: reason)
    }
    let (candidates, ids): (Tensor, [Int64]?) = try data.withUnsafeBytes { raw in
      guard raw.count >= BruteForce.headerSize + 4 else {
        throw fail("not a BruteForce index file (\(raw.count) bytes, shorter than a header)")
      }
      guard Array(raw[0..<8]) == BruteForce.fileMagic else {
        throw fail("not a BruteForce index file (bad magic)")
      }
      let version: UInt32 = read(raw, at: 8)
      guard version == BruteForce.fileVersion else {
        throw fail(
          "format version \(version) is not supported (this build reads version "
            + "\(BruteForce.fileVersion))")
      }
      let flags: UInt32 = read(raw, at: 12)
      guard flags & ~1 == 0 else { throw fail("unknown flags \(flags)") }
      let n64: UInt64 = read(raw, at: 16)
      let d64: UInt64 = read(raw, at: 24)
      let hasIDs = flags & 1 != 0
      // Sizes checked in overflow-free arithmetic before anything is allocated.
      let limit = UInt64(raw.count)
      let (cells, overflow) = n64.multipliedReportingOverflow(by: max(d64, 1))
      guard n64 < limit, d64 < limit, !overflow, cells < limit else {
        throw fail("header claims \(n64) candidates of dimension \(d64), more than the file holds")
      }
      let (n, d) = (Int(n64), Int(d64))
      let expected = BruteForce.headerSize + 4 * n * d + (hasIDs ? 8 * n : 0) + 4
      guard raw.count == expected else {
        throw fail(
          raw.count < expected
            ? "truncated: \(raw.count) bytes, the header needs \(expected)"
            : "\(raw.count - expected) unexpected bytes after the data")
      }
      let stored: UInt32 = read(raw, at: expected - 4)
      let actual = Checksum.crc32c(UnsafeRawBufferPointer(rebasing: raw[0..<(expected - 4)]))
      guard stored == actual else {
        throw fail("checksum mismatch (stored \(stored), computed \(actual)): the file is corrupt")
      }
      var offset = BruteForce.headerSize
      let values = (0..<(n * d)).map { i -> Float in
        Float(bitPattern: read(raw, at: offset + 4 * i))
      }
      offset += 4 * n * d
      let ids: [Int64]? =
        hasIDs
        ? (0..<n).map { i in Int64(bitPattern: read(raw, at: offset + 8 * i) as UInt64) } : nil
      return (Tensor(shape: [n, d], scalars: values), ids)
    }
    try self.init(candidates: candidates, ids: ids)
  }
}

private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
  withUnsafeBytes(of: value.littleEndian) { bytes += $0 }
}

private func read<T: FixedWidthInteger>(_ raw: UnsafeRawBufferPointer, at offset: Int) -> T {
  T(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: T.self))
}
