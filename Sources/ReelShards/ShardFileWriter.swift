import Foundation
import ReelPipeline

/// Writes one shard file: header, compressed blocks, footer, trailer. The file is written under
/// a hidden temporary name and renamed to its final name only once complete and fsynced.
final class ShardFileWriter {
  let finalPath: String
  private let file: OutputFile
  private var blocks: [BlockEntry] = []
  private var rows = 0
  private var finished = false

  var bytesWritten: Int { file.bytesWritten }
  var temporaryPath: String { file.path }

  init(path: String) throws {
    finalPath = path
    file = try OutputFile(path: FileIO.temporaryPath(for: path))
    var header = ShardFormat.headerMagic
    header.appendLE(ShardFormat.version)
    header.appendLE(UInt32(0))
    do {
      try file.write(header)
    } catch {
      unlink(file.path)
      throw error
    }
  }

  /// Appends one compressed block.
  func append(compressed: [UInt8], rows blockRows: Int, uncompressed: Int) throws {
    let entry = BlockEntry(
      offset: file.bytesWritten, length: compressed.count, rows: blockRows, firstRow: rows,
      uncompressed: uncompressed, crc32c: CRC32C.checksum(compressed))
    try file.write(compressed)
    blocks.append(entry)
    rows += blockRows
  }

  /// Writes footer and trailer, fsyncs and renames the file into place.
  func finish(schema: [FeatureSpec]) throws -> ShardManifest.Shard {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let footer = Array(try encoder.encode(ShardFooter(schema: schema, rows: rows, blocks: blocks)))
    let footerOffset = file.bytesWritten
    try file.write(footer)
    var trailer: [UInt8] = []
    trailer.appendLE(UInt64(footerOffset))
    trailer.appendLE(UInt64(footer.count))
    trailer.appendLE(CRC32C.checksum(footer))
    trailer.appendLE(ShardFormat.version)
    trailer.append(contentsOf: ShardFormat.trailerMagic)
    try file.write(trailer)
    try file.finish()
    try FileIO.rename(file.path, to: finalPath)
    finished = true
    return ShardManifest.Shard(
      file: (finalPath as NSString).lastPathComponent, rows: rows, bytes: file.bytesWritten,
      blocks: blocks.count, crc32c: file.crc)
  }

  /// Removes the temporary file of an unfinished shard.
  func discard() {
    if !finished { unlink(file.path) }
  }
}
