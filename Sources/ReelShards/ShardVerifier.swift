import Foundation

/// Checks every checksum of a shard dataset and reports all problems, not just the first.
public enum ShardVerifier {
  /// The outcome of a verification.
  public struct Report: Sendable {
    /// Shards and blocks checked.
    public var shardsChecked = 0
    public var blocksChecked = 0
    public var rowsChecked = 0
    /// One line per problem, each naming the file (and block) and the reason.
    public var problems: [String] = []
    /// Whether no problem was found.
    public var isValid: Bool { problems.isEmpty }
  }

  /// Verifies `directory`: the manifest, each shard's size and whole-file CRC32C, trailer, footer
  /// checksum, schema, and every block's CRC32C, zstd checksum and structure.
  public static func verify(directory: String) -> Report {
    var report = Report()
    let manifest: ShardManifest
    do {
      manifest = try ShardDirectory.readManifest(directory)
    } catch {
      report.problems.append("\(error)")
      return report
    }
    var rows = 0
    for shard in manifest.shards {
      let path = (directory as NSString).appendingPathComponent(shard.file)
      report.shardsChecked += 1
      let reader: ShardFileReader
      do {
        reader = try ShardFileReader(path: path)
      } catch {
        report.problems.append("\(error)")
        continue
      }
      if reader.fileSize != shard.bytes {
        report.problems.append("\(path): \(reader.fileSize) bytes, the manifest says \(shard.bytes)")
      }
      do {
        let crc = try reader.wholeFileChecksum()
        if crc != shard.crc32c {
          report.problems.append("\(ShardError.checksumMismatch(path: path, block: nil, expected: shard.crc32c, actual: crc)) (whole file)")
        }
      } catch {
        report.problems.append("\(error)")
      }
      if reader.schema != manifest.schema {
        report.problems.append("\(ShardError.schemaMismatch(path: path, reason: "the shard has \(reader.schema), the manifest \(manifest.schema)"))")
      }
      if reader.rowCount != shard.rows {
        report.problems.append("\(path): \(reader.rowCount) rows, the manifest says \(shard.rows)")
      }
      for j in 0..<reader.blockCount {
        report.blocksChecked += 1
        do {
          let batch = try reader.readBlock(j)
          if batch.rowCount != reader.rows(inBlock: j) {
            report.problems.append("\(path) block \(j): decoded \(batch.rowCount) rows, the index says \(reader.rows(inBlock: j))")
          }
          rows += batch.rowCount
        } catch {
          report.problems.append("\(error)")
        }
      }
    }
    if rows != manifest.rows && report.problems.isEmpty {
      report.problems.append("\(directory): \(rows) rows read, the manifest says \(manifest.rows)")
    }
    report.rowsChecked = rows
    return report
  }
}
