import ArgumentParser
import Foundation
import Reel

/// `reel bench shards DIR`: read throughput of any shard dataset.
struct BenchShards: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "shards",
    abstract: "Measure writing a shard dataset (from memory) and full reads of it into 8192-row batches, in order and globally shuffled.")

  @Argument(help: "The dataset directory.") var directory: String
  @Option(help: "Rows per batch.") var batchRows = 8192
  @Option(help: "Runs per figure; the best is reported.") var repeats = 3
  @Flag(help: "Print one JSON object instead of text.") var json = false

  func run() throws {
    let ds = try ShardDataset(directory: directory).batched(rows: batchRows)
    func time(_ dataset: ShardDataset, epoch: Int) throws -> Double {
      let start = ContinuousClock.now
      var iterator = dataset.makeIterator(epoch: epoch)
      var rows = 0
      while let batch = try iterator.next() { rows += batch.rowCount }
      guard rows == ds.rowCount else { throw ValidationError("read \(rows) rows of \(ds.rowCount)") }
      let elapsed = ContinuousClock.now - start
      return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }
    // Write: the whole table in memory first, then timed writes of it to a scratch directory.
    let table = try ShardDataset(directory: directory).collect()
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("reel-bench-write-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: scratch) }
    var write = Double.infinity
    var options = ShardWriterOptions()
    options.overwrite = true
    options.zstdLevel = Int32(ds.manifest.zstdLevel)
    for _ in 0..<repeats {
      let start = ContinuousClock.now
      try Datasets.from(table).writeShards(to: scratch, options: options)
      let elapsed = ContinuousClock.now - start
      write = min(write, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    var plain = Double.infinity
    var shuffled = Double.infinity
    for r in 0..<repeats {
      plain = min(plain, try time(ds, epoch: r))
      shuffled = min(shuffled, try time(ds.shuffled(seed: 1), epoch: r))
    }
    let rows = Double(ds.rowCount)
    if json {
      let object: [String: Any] = [
        "rows": ds.rowCount, "bytes": ds.manifest.bytes,
        "read_rows_per_second": rows / plain, "shuffled_read_rows_per_second": rows / shuffled,
        "write_rows_per_second": rows / write,
      ]
      print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
    } else {
      print("\(directory): \(ds.rowCount) rows, \(ds.manifest.bytes) bytes")
      print("write:         \(String(format: "%.1f", rows / write / 1e6))M rows/s (\(String(format: "%.3f", write)) s)")
      print("read:          \(String(format: "%.1f", rows / plain / 1e6))M rows/s (\(String(format: "%.3f", plain)) s)")
      print("shuffled read: \(String(format: "%.1f", rows / shuffled / 1e6))M rows/s (\(String(format: "%.3f", shuffled)) s)")
    }
  }
}
