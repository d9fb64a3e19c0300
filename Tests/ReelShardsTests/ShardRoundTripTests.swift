import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelShards

final class ShardRoundTripTests: XCTestCase {
  var directory: String!

  override func setUp() { directory = ShardTestData.temporaryDirectory() }
  override func tearDown() {
    try? FileManager.default.removeItem(atPath: directory)
    XCTAssertTrue(PipelineDiagnostics.waitForBackgroundWork())
  }

  func testCRC32CKnownVectors() {
    XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
    XCTAssertEqual(CRC32C.checksum([]), 0)
    XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
    XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
  }

  func testStreamTransformsRoundTrip() {
    let values: [Int64] = [5, 5, 9, 1 << 40, Int64.max, Int64.min, -3]
    for encoding: UInt8 in 0...3 {
      let bytes = StreamCodec.encode(values, encoding: encoding)
      let back = bytes.withUnsafeBytes { StreamCodec.decode($0, count: values.count, encoding: encoding, as: Int64.self) }
      XCTAssertEqual(back, values, "encoding \(encoding)")
    }
  }

  func testWriteAndReadBackEverything() throws {
    let total = 7_321
    let manifest = try ShardTestData.dataset(total: total, batchRows: 777).writeShards(to: directory, options: ShardTestData.smallOptions())
    XCTAssertEqual(manifest.rows, total)
    XCTAssertGreaterThan(manifest.shards.count, 2, "small targets make several shards")
    XCTAssertEqual(manifest.shards.map(\.rows).reduce(0, +), total)
    let ds = try ShardDataset(directory: directory)
    XCTAssertEqual(ds.rowCount, total)
    XCTAssertGreaterThan(ds.blockCount, manifest.shards.count)
    let all = try FeatureBatch.concatenate(try ds.collect())
    XCTAssertTrue(all.sameValues(as: ShardTestData.batch(rows: 0..<total)))
    XCTAssertEqual(ds.cardinality, .finite(ds.blockCount))
  }

  func testProjectionBatchingAndRandomAccess() throws {
    let total = 5_000
    try ShardTestData.dataset(total: total).writeShards(to: directory, options: ShardTestData.smallOptions())
    let ds = try ShardDataset(directory: directory, columns: ["timestamp", "user", "tags"])
    XCTAssertEqual(ds.schema.map(\.name), ["user", "timestamp", "tags"], "schema order")
    let batches = try ds.batched(rows: 512).collect()
    XCTAssertEqual(batches.map(\.rowCount), Array(repeating: 512, count: 9) + [392])
    XCTAssertEqual(ds.batched(rows: 512).cardinality, .finite(10))
    let expected = try ShardTestData.batch(rows: 0..<total).selecting(["user", "timestamp", "tags"])
    XCTAssertEqual(try FeatureBatch.concatenate(batches), expected)
    for row in [0, 1, 999, 2500, 4999] {
      XCTAssertEqual(try ds.row(row), expected.slice(row..<(row + 1)), "row \(row)")
    }
    XCTAssertEqual(try ds.rows(1234..<3456), expected.slice(1234..<3456))
    XCTAssertEqual(try ds.rows(10..<10).rowCount, 0)
    XCTAssertThrowsError(try ds.row(total))
    XCTAssertEqual(try ds.block(0).rowCount, try ds.collect().first?.rowCount)
    XCTAssertThrowsError(try ShardDataset(directory: directory, columns: ["nope"])) {
      XCTAssertTrue("\($0)".contains("no column 'nope'"))
    }
  }

  func testGlobalShuffleIsAPermutationPerEpochAndResumes() throws {
    let total = 6_000
    try ShardTestData.dataset(total: total).writeShards(to: directory, options: ShardTestData.smallOptions())
    let ds = try ShardDataset(directory: directory, columns: ["timestamp"]).shuffled(seed: 11, windowBlocks: 2).batched(rows: 700)
    func order(_ epoch: Int) throws -> [Int64] {
      try FeatureBatch.concatenate(try ds.collect(epoch: epoch)).int64("timestamp")
    }
    let e0 = try order(0)
    XCTAssertEqual(e0.sorted(), (0..<total).map { 1_500_000_000 + Int64($0) * 13 })
    XCTAssertNotEqual(e0, e0.sorted())
    XCTAssertEqual(try order(0), e0)
    XCTAssertNotEqual(try order(1), e0)
    // Rows from far-apart blocks mix: the first batch is not one contiguous range.
    let first = e0.prefix(700).map { Int(($0 - 1_500_000_000) / 13) }
    XCTAssertGreaterThan(first.max()! - first.min()!, 1500)
    try assertExactResume(ds, epoch: 1, positions: [0, 1, 4, 8, 9])
  }

  func testWorkerShardsAreDisjointAndCoverEverything() throws {
    try ShardTestData.dataset(total: 4_000).writeShards(to: directory, options: ShardTestData.smallOptions())
    let base = try ShardDataset(directory: directory, columns: ["timestamp"]).shuffled(seed: 3)
    var seen: [Int64] = []
    for worker in 0..<3 {
      let part = try base.shard(worker: worker, of: 3).collect(epoch: 2)
      seen += try part.flatMap { try $0.int64("timestamp") }
    }
    XCTAssertEqual(seen.sorted(), (0..<4000).map { 1_500_000_000 + Int64($0) * 13 })
    XCTAssertThrowsError(try base.shard(worker: 3, of: 3))
  }

  func testEmptyDatasetAndSchemaChecks() throws {
    let manifest = try Datasets.from([FeatureBatch]()).writeShards(to: directory)
    XCTAssertEqual(manifest.rows, 0)
    XCTAssertEqual(try ShardDataset(directory: directory).collect(), [])
    let other = ShardTestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: other) }
    let writer = try ShardWriter(directory: other)
    try writer.write(try FeatureBatch(["a": .int32([1])]))
    XCTAssertThrowsError(try writer.write(try FeatureBatch(["a": .float([1])]))) {
      XCTAssertTrue("\($0)".contains("schema"))
    }
    writer.abort()
  }

  func testExistingDatasetIsNotOverwrittenUnlessAsked() throws {
    try ShardTestData.dataset(total: 100).writeShards(to: directory)
    XCTAssertThrowsError(try ShardTestData.dataset(total: 50).writeShards(to: directory)) {
      XCTAssertEqual($0 as? ShardError, .alreadyExists(path: directory))
    }
    XCTAssertEqual(try ShardDataset(directory: directory).rowCount, 100)
    var options = ShardWriterOptions()
    options.overwrite = true
    try ShardTestData.dataset(total: 50).writeShards(to: directory, options: options)
    XCTAssertEqual(try ShardDataset(directory: directory).rowCount, 50)
    XCTAssertEqual(ShardTestData.shardFiles(directory).count, 1, "the previous generation's shards are removed")
    XCTAssertTrue(ShardVerifier.verify(directory: directory).isValid)
  }

  func testManifestRecordsMetadataAndFingerprint() throws {
    var options = ShardWriterOptions()
    options.fingerprint = "range(0..<10) v1"
    options.metadata = ["vocabulary": .array([.string("a"), .string("b")])]
    try ShardTestData.dataset(total: 10).writeShards(to: directory, options: options)
    let manifest = try ShardDataset(directory: directory).manifest
    XCTAssertEqual(manifest.fingerprint, "range(0..<10) v1")
    XCTAssertEqual(manifest.metadata["vocabulary"], .array([.string("a"), .string("b")]))
    XCTAssertEqual(manifest.zstdLevel, 3)
    let json = try String(contentsOfFile: directory + "/manifest.json", encoding: .utf8)
    XCTAssertTrue(json.contains("\"zstd_level\""))
    XCTAssertTrue(json.contains("\"list\""))
  }
}
