import Foundation
import ReelPipeline

/// An open shard file: its footer (schema and block index) and checked block reads.
/// Thread-safe: blocks may be read from several threads at once.
public final class ShardFileReader: @unchecked Sendable {
  /// The file's path.
  public let path: String
  /// The columns stored in the file.
  public let schema: [FeatureSpec]
  /// Number of rows in the file.
  public let rowCount: Int
  let blocks: [BlockEntry]
  private let file: InputFile

  /// Opens `path`, checking header, trailer and footer.
  ///
  /// - Throws: ``ShardError`` naming the file for bad magic, unknown version, truncation, a
  ///   footer checksum mismatch or an inconsistent block index.
  public init(path: String) throws {
    self.path = path
    file = try InputFile(path: path)
    let minimum = ShardFormat.headerSize + ShardFormat.trailerSize
    guard file.size >= minimum else {
      throw ShardError.corrupt(path: path, block: nil, reason: "\(file.size) bytes is shorter than a header and a trailer (\(minimum))")
    }
    let header = try file.read(at: 0, count: ShardFormat.headerSize)
    guard Array(header[0..<8]) == ShardFormat.headerMagic else {
      throw ShardError.corrupt(path: path, block: nil, reason: "bad magic at the start (not a Reel shard)")
    }
    let trailer = try file.read(at: file.size - ShardFormat.trailerSize, count: ShardFormat.trailerSize)
    let (footerOffset, footerLength, footerCRC, version): (UInt64, UInt64, UInt32, UInt32) = trailer.withUnsafeBytes {
      ($0.loadLE(UInt64.self, at: 0), $0.loadLE(UInt64.self, at: 8), $0.loadLE(UInt32.self, at: 16), $0.loadLE(UInt32.self, at: 20))
    }
    guard Array(trailer[24..<32]) == ShardFormat.trailerMagic else {
      throw ShardError.corrupt(path: path, block: nil, reason: "bad trailer magic (truncated or not a Reel shard)")
    }
    let headerVersion = header.withUnsafeBytes { $0.loadLE(UInt32.self, at: 8) }
    guard header.withUnsafeBytes({ $0.loadLE(UInt32.self, at: 12) }) == 0 else {
      throw ShardError.corrupt(path: path, block: nil, reason: "reserved header bytes are not zero")
    }
    guard version == ShardFormat.version, headerVersion == ShardFormat.version else {
      throw ShardError.unsupportedVersion(path: path, version: Int(version == ShardFormat.version ? headerVersion : version))
    }
    let footerEnd = UInt64(file.size - ShardFormat.trailerSize)
    guard footerOffset >= UInt64(ShardFormat.headerSize), footerLength <= footerEnd, footerOffset <= footerEnd - footerLength else {
      throw ShardError.corrupt(path: path, block: nil, reason: "footer at \(footerOffset) (+\(footerLength)) lies outside the file")
    }
    let footerBytes = try file.read(at: Int(footerOffset), count: Int(footerLength))
    let actual = CRC32C.checksum(footerBytes)
    guard actual == footerCRC else {
      throw ShardError.checksumMismatch(path: path, block: nil, expected: footerCRC, actual: actual)
    }
    let footer: ShardFooter
    do {
      footer = try JSONDecoder().decode(ShardFooter.self, from: Data(footerBytes))
    } catch {
      throw ShardError.corrupt(path: path, block: nil, reason: "invalid footer: \(error)")
    }
    var expectedRow = 0
    var expectedOffset = ShardFormat.headerSize
    for (j, block) in footer.blocks.enumerated() {
      guard block.firstRow == expectedRow, block.rows > 0, block.offset == expectedOffset, block.length > 0,
        block.uncompressed >= 4
      else { throw ShardError.corrupt(path: path, block: j, reason: "inconsistent block index entry \(block)") }
      expectedRow += block.rows
      expectedOffset += block.length
    }
    guard expectedRow == footer.rows, expectedOffset == Int(footerOffset) else {
      throw ShardError.corrupt(path: path, block: nil, reason: "block index covers \(expectedRow) rows and \(expectedOffset) bytes; footer says \(footer.rows) rows, blocks end at \(footerOffset)")
    }
    schema = footer.schema
    rowCount = footer.rows
    blocks = footer.blocks
  }

  /// Number of blocks.
  public var blockCount: Int { blocks.count }

  /// Total size of the decompressed block payloads.
  public var uncompressedBytes: Int { blocks.reduce(0) { $0 + $1.uncompressed } }

  /// Rows in block `j`.
  public func rows(inBlock j: Int) -> Int { blocks[j].rows }

  /// Index of the first row of block `j`.
  public func firstRow(ofBlock j: Int) -> Int { blocks[j].firstRow }

  /// The block holding row `row`. O(log blocks).
  public func block(containingRow row: Int) throws -> Int {
    guard row >= 0, row < rowCount else { throw ShardError.outOfRange("row \(row) of \(path) (\(rowCount) rows)") }
    var lo = 0
    var hi = blocks.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if blocks[mid].firstRow <= row { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// Reads, checks and decodes block `j`, keeping only the columns at `columns` (all when nil).
  ///
  /// - Throws: ``ShardError/checksumMismatch(path:block:expected:actual:)`` or
  ///   ``ShardError/corrupt(path:block:reason:)``: corrupt data is never returned.
  public func readBlock(_ j: Int, columns: Set<Int>? = nil) throws -> FeatureBatch {
    guard blocks.indices.contains(j) else { throw ShardError.outOfRange("block \(j) of \(path) (\(blocks.count) blocks)") }
    let entry = blocks[j]
    let compressed = try file.read(at: entry.offset, count: entry.length)
    let crc = CRC32C.checksum(compressed)
    guard crc == entry.crc32c else {
      throw ShardError.checksumMismatch(path: path, block: j, expected: entry.crc32c, actual: crc)
    }
    let payload: [UInt8]
    do {
      payload = try compressed.withUnsafeBytes { try Zstd.decompress($0, expectedSize: entry.uncompressed) }
    } catch {
      throw ShardError.corrupt(path: path, block: j, reason: "\(error)")
    }
    return try BlockCodec.decode(payload, schema: schema, rows: entry.rows, keep: columns, path: path, block: j)
  }

  /// The whole file's CRC32C (for verification against the manifest).
  func wholeFileChecksum() throws -> UInt32 {
    var crc: UInt32 = 0
    var offset = 0
    while offset < file.size {
      let count = min(8 << 20, file.size - offset)
      let chunk = try file.read(at: offset, count: count)
      crc = chunk.withUnsafeBytes { CRC32C.extend(crc, $0) }
      offset += count
    }
    return crc
  }

  var fileSize: Int { file.size }
}
