import Foundation
import ReelPipeline
@testable import ReelShards

/// Test data and temporary directories for the shard tests.
enum ShardTestData {
  /// A batch with every column type, scalar and list, including empty strings and lists,
  /// unicode, extremes and non-finite floats. Row `i` of the whole table is a function of `i`.
  static func batch(rows range: Range<Int>) -> FeatureBatch {
    let rows = Array(range)
    return try! FeatureBatch([
      ("user", .int32(rows.map { Int32($0 % 1000) })),
      ("movie", .int32(rows.map { Int32(($0 * 7919) % 5000) })),
      ("rating", .float(rows.map { $0 % 97 == 0 ? .nan : Float($0 % 10) / 2 })),
      ("timestamp", .int64(rows.map { 1_500_000_000 + Int64($0) * 13 })),
      ("score", .double(rows.map { $0 == 3 ? .infinity : Double($0) * -0.25 })),
      ("big", .int64(rows.map { $0 % 2 == 0 ? Int64.min + Int64($0) : Int64.max - Int64($0) })),
      ("title", .string(rows.map { $0 % 5 == 0 ? "" : "Film \($0) – été" })),
      ("genres", .int32Lists(rows.map { i in (0..<(i % 4)).map { Int32(i + $0) } })),
      ("tags", .stringLists(rows.map { i in (0..<(i % 3)).map { "t\($0)\(i % 2 == 0 ? "ü" : "")" } })),
      ("weights", .floatLists(rows.map { i in (0..<(i % 2)).map { Float($0) + 0.5 } })),
    ])
  }

  /// A dataset of `total` rows in batches of `batchRows`.
  static func dataset(total: Int, batchRows: Int = 1000) -> some Dataset<FeatureBatch> {
    Datasets.range(from: 0, to: total, by: batchRows).map { start in
      batch(rows: start..<min(total, start + batchRows))
    }
  }

  static func temporaryDirectory() -> String {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("reel-shards-\(UUID())")
    return url.path
  }

  /// Small blocks and shards so that tests exercise many of each.
  static func smallOptions() -> ShardWriterOptions {
    var options = ShardWriterOptions()
    options.targetBlockBytes = 16 << 10
    options.targetShardBytes = 20 << 10
    return options
  }

  static func shardFiles(_ directory: String) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
      .filter { $0.hasSuffix(".reelshard") }.sorted()
      .map { (directory as NSString).appendingPathComponent($0) }
  }
}

extension FeatureBatch {
  /// Equality that treats NaN as equal to NaN (test data contains NaNs).
  func sameValues(as other: FeatureBatch) -> Bool {
    guard names == other.names, rowCount == other.rowCount else { return false }
    for (a, b) in zip(columns, other.columns) {
      guard a.listOffsets == b.listOffsets else { return false }
      switch (a.values, b.values) {
      case (.float(let x), .float(let y)):
        guard x.count == y.count, zip(x, y).allSatisfy({ $0 == $1 || ($0.isNaN && $1.isNaN) }) else { return false }
      default:
        guard a.values == b.values else { return false }
      }
    }
    return true
  }
}
