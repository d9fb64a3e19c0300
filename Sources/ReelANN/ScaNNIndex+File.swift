import CReelChecksum
import Foundation
import ReelRecommenders
import ReelTensor

/// Saving and loading a ``ScaNNIndex``: one file, versioned and checksummed.
///
/// Layout (version 1, little-endian):
///
/// | bytes | field |
/// |---|---|
/// | 8 | magic `REELSCNN` |
/// | 4 | version (`UInt32`, 1) |
/// | 4 | flags (`UInt32`; bit 0: ids present, bit 1: anisotropic) |
/// | 8 × 7 | count N, dimension d, leaves L, blocks B, slots S, leavesToSearch, reorder (`UInt64`) |
/// | 4 + 4 | anisotropic threshold (`Float32`, 0 if none), reserved 0 |
/// | 4·N·d | candidates, row-major `Float32` |
/// | 8·N | ids (`Int64`), when flagged |
/// | 4·L·d | leaf centroids |
/// | 4·B·32 | codebook |
/// | 8·(L+1), 8·L | leaf slot starts, leaf sizes (`UInt64`) |
/// | 4·S | row of each slot (`Int32`, −1 for padding) |
/// | S/32·B·16 | packed 4-bit codes |
/// | 4 | CRC-32C of every byte before it |
extension ScaNNIndex {
  static let fileMagic = Array("REELSCNN".utf8)
  static let fileVersion: UInt32 = 1

  /// Writes the index to `url` atomically (a reader never sees half a file). The search
  /// settings (``leavesToSearch``, ``reorder``) are saved too.
  ///
  ///     try index.save(to: URL(fileURLWithPath: "items.scann"))
  ///
  /// - Throws: the file system's error when the file cannot be written.
  public func save(to url: URL) throws {
    var w = ByteWriter()
    w.bytes.reserveCapacity(
      96 + 4 * count * dimension + 8 * count + packedCodes.count + 4 * slotRows.count)
    w.bytes += ScaNNIndex.fileMagic
    w.append(ScaNNIndex.fileVersion)
    w.append(UInt32((ids == nil ? 0 : 1) | (anisotropicThreshold == nil ? 0 : 2)))
    for v in [
      count, dimension, leafCount, quantizer.blocks, slotRows.count, leavesToSearch, reorder,
    ] {
      w.append(UInt64(v))
    }
    w.append((anisotropicThreshold ?? 0).bitPattern)
    w.append(UInt32(0))
    candidates.withUnsafeBufferPointer { w.append(floats: $0) }
    if let ids = ids { w.append(integers: ids) }
    leafCentroids.withUnsafeBufferPointer { w.append(floats: $0) }
    quantizer.codebook.withUnsafeBufferPointer { w.append(floats: $0) }
    w.append(integers: leafStarts.map { UInt64($0) })
    w.append(integers: leafSizes.map { UInt64($0) })
    w.append(integers: slotRows)
    w.bytes += packedCodes
    let crc = w.bytes.withUnsafeBytes { reel_crc32c_extend(0, $0.baseAddress, $0.count) }
    w.append(crc)
    try AtomicFile.write(Data(w.bytes), to: url)
  }

  /// Reads an index written by ``save(to:)``.
  ///
  ///     let index = try ScaNNIndex(contentsOf: url)
  ///
  /// - Throws: ``RecommenderError`` naming the file when it is not an index file, has an
  ///   unsupported version, is truncated or too long, fails its checksum or is inconsistent;
  ///   the file system's error when it cannot be read.
  public init(contentsOf url: URL) throws {
    let data = try Data(contentsOf: url)
    let fail = { (reason: String) -> Error in RecommenderError(component: url.path, reason: reason)
    }
    self = try data.withUnsafeBytes { raw in
      guard raw.count >= 96 else {
        throw fail("not a ScaNNIndex file (\(raw.count) bytes, shorter than a header)")
      }
      guard Array(raw[0..<8]) == ScaNNIndex.fileMagic else {
        throw fail("not a ScaNNIndex file (bad magic)")
      }
      let stored = UInt32(
        littleEndian: raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self))
      let actual = reel_crc32c_extend(0, raw.baseAddress, raw.count - 4)
      var r = ByteReader(
        raw: UnsafeRawBufferPointer(rebasing: raw[0..<(raw.count - 4)]), offset: 8, fail: fail)
      let version: UInt32 = try r.read()
      guard version == ScaNNIndex.fileVersion else {
        throw fail(
          "format version \(version) is not supported (this build reads version "
            + "\(ScaNNIndex.fileVersion))")
      }
      guard stored == actual else {
        throw fail("checksum mismatch (stored \(stored), computed \(actual)): the file is corrupt")
      }
      let flags: UInt32 = try r.read()
      guard flags & ~3 == 0 else { throw fail("unknown flags \(flags)") }
      var sizes = [Int]()
      for _ in 0..<7 {
        let v: UInt64 = try r.read()
        guard v < UInt64(raw.count) * 64 else { throw fail("header field \(v) is too large") }
        sizes.append(Int(v))
      }
      let (n, d, leaves, blocks, slots, toSearch, reorder) = (
        sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5], sizes[6]
      )
      let thresholdBits: UInt32 = try r.read()
      _ = try r.read(UInt32.self)
      guard n >= 1, d >= 1, leaves >= 1, leaves <= n,
        blocks == ProductQuantizer.blocks(forDimension: d), slots % 32 == 0
      else {
        throw fail("inconsistent header (N \(n), d \(d), L \(leaves), B \(blocks), S \(slots))")
      }
      // The vectors are copied straight into the index's leaf order below (no row-order copy).
      let vectorOffset = try r.skipFloats(n * d)
      let ids: [Int64]? = flags & 1 != 0 ? try r.readIntegers(n) : nil
      let centroids = Tensor(shape: [leaves, d], scalars: try r.readFloats(leaves * d))
      let codebook = try r.readFloats(blocks * 32)
      let starts = try r.readIntegers(leaves + 1, as: UInt64.self).map { Int($0) }
      let leafSizes = try r.readIntegers(leaves, as: UInt64.self).map { Int($0) }
      let slotRows: [Int32] = try r.readIntegers(slots)
      let packed: [UInt8] = try r.readIntegers(slots / 32 * blocks * 16)
      guard r.offset == raw.count - 4 else {
        throw fail("\(raw.count - 4 - r.offset) unexpected bytes after the data")
      }
      var ok = starts[0] == 0 && starts[leaves] == slots
      for l in 0..<leaves where ok {
        ok =
          starts[l + 1] >= starts[l] && (starts[l + 1] - starts[l]) % 32 == 0
          && leafSizes[l] <= starts[l + 1] - starts[l]
      }
      ok = ok && leafSizes.reduce(0, +) == n && slotRows.allSatisfy { $0 >= -1 && Int($0) < n }
      guard ok else { throw fail("inconsistent leaf layout") }
      return ScaNNIndex(
        count: n, dimension: d,
        copyRow: { [r] row, out in
          for j in 0..<d { out[j] = r.float(at: vectorOffset + 4 * (row * d + j)) }
        },
        ids: ids, leafCentroids: centroids,
        leavesToSearch: max(toSearch, 1),
        reorder: reorder,
        anisotropicThreshold: flags & 2 != 0 ? Float(bitPattern: thresholdBits) : nil,
        quantizer: ProductQuantizer(blocks: blocks, codebook: codebook), leafStarts: starts,
        leafSizes: leafSizes, slotRows: slotRows, packedCodes: packed)
    }
  }
}
