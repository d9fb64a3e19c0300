import ArgumentParser
import Foundation
import Reel

/// `reel inspect DIR`: what a shard dataset holds.
struct Inspect: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Show a shard dataset's schema, rows, shards, bytes, compression ratio and first rows.")

  @Argument(help: "The dataset directory.") var directory: String
  @Option(help: "Rows to show.") var rows = 5

  func run() throws {
    let ds = try ShardDataset(directory: directory)
    let manifest = ds.manifest
    print("dataset:     \(directory)")
    print("schema:      " + manifest.schema.map(\.description).joined(separator: ", "))
    print("rows:        \(manifest.rows)")
    print("shards:      \(manifest.shards.count) files, \(ds.blockCount) blocks, zstd level \(manifest.zstdLevel)")
    let ratio = manifest.bytes > 0 ? Double(ds.uncompressedBytes) / Double(manifest.bytes) : 0
    print("bytes:       \(manifest.bytes) on disk, \(ds.uncompressedBytes) uncompressed (ratio \(String(format: "%.2f", ratio)))")
    print("created:     \(manifest.created)")
    if !manifest.fingerprint.isEmpty { print("fingerprint: \(manifest.fingerprint)") }
    if !manifest.metadata.isEmpty { print("metadata:    " + manifest.metadata.keys.sorted().joined(separator: ", ")) }
    if manifest.metadata[Preprocessor.metadataKey] != nil {
      let preprocessor = try Preprocessor(metadata: manifest.metadata)
      for step in preprocessor.steps {
        print("  preprocessing: \(step.inputs.joined(separator: ", ")) → \(step.output): \(step.layer.summary)")
      }
    }
    for shard in manifest.shards {
      print("  \(shard.file)  \(shard.rows) rows  \(shard.blocks) blocks  \(shard.bytes) bytes  crc32c \(String(shard.crc32c, radix: 16))")
    }
    let shown = min(rows, manifest.rows)
    guard shown > 0 else { return }
    print("first \(shown) rows:")
    let head = try ds.rows(0..<shown)
    print("  " + head.names.joined(separator: ","))
    for r in 0..<head.rowCount { print("  " + RowFormatting.csvLine(head, row: r)) }
  }
}
