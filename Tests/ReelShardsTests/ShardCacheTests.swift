import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelShards

final class ShardCacheTests: XCTestCase {
  var directory: String!
  var source: String!

  override func setUpWithError() throws {
    directory = ShardTestData.temporaryDirectory()
    source = directory + "-source.csv"
    try "1,2\n3,4\n".write(toFile: source, atomically: true, encoding: .utf8)
  }

  override func tearDown() {
    try? FileManager.default.removeItem(atPath: directory)
    try? FileManager.default.removeItem(atPath: source)
    try? FileManager.default.removeItem(atPath: directory + ".lock")
  }

  /// A pipeline that counts how many batches it computes.
  final class Counter: @unchecked Sendable {
    var count = 0
  }

  func pipeline(_ counter: Counter, rows: Int = 3_000, key: String = "v1") -> ShardCache<Map<ParallelMap<RangeDataset, FeatureBatch>, FeatureBatch>> {
    Datasets.range(from: 0, to: rows, by: 500)
      .map(parallelism: 1) { ShardTestData.batch(rows: $0..<min(rows, $0 + 500)) }
      .map { batch -> FeatureBatch in
        counter.count += 1
        return batch
      }
      .cache(directory: directory, key: key, sources: [source], options: ShardTestData.smallOptions())
  }

  func testFirstCompletePassFillsLaterPassesRead() throws {
    let counter = Counter()
    let ds = pipeline(counter)
    XCTAssertFalse(ds.isFilled)
    let first = try FeatureBatch.concatenate(try ds.collect())
    XCTAssertEqual(counter.count, 6)
    XCTAssertTrue(ds.isFilled)
    let second = try FeatureBatch.concatenate(try ds.collect(epoch: 1))
    XCTAssertEqual(counter.count, 6, "served from the cache")
    XCTAssertTrue(second.sameValues(as: first))
    // A new dataset value (as in another process) finds the cache too.
    let fresh = pipeline(counter)
    _ = try fresh.collect()
    XCTAssertEqual(counter.count, 6)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + ".lock"), "lock released")
  }

  func testPartialPassLeavesNoCache() throws {
    let counter = Counter()
    let ds = pipeline(counter)
    do {
      var iterator = ds.makeIterator()
      _ = try iterator.next()
    }
    XCTAssertFalse(ds.isFilled)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/manifest.json"))
    XCTAssertEqual(ShardTestData.shardFiles(directory), [])
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + ".lock"))
    _ = try ds.collect()
    XCTAssertTrue(ds.isFilled)
  }

  func testChangedKeyOrSourceRebuilds() throws {
    let counter = Counter()
    _ = try pipeline(counter).collect()
    XCTAssertEqual(counter.count, 6)
    _ = try pipeline(counter, key: "v2").collect()
    XCTAssertEqual(counter.count, 12, "a new key rebuilds")
    _ = try pipeline(counter, key: "v2").collect()
    XCTAssertEqual(counter.count, 12)
    try "1,2\n3,4\n5,6\n".write(toFile: source, atomically: true, encoding: .utf8)
    _ = try pipeline(counter, key: "v2").collect()
    XCTAssertEqual(counter.count, 18, "a changed source file rebuilds")
    XCTAssertTrue(pipeline(counter, key: "v2").isFilled)
  }

  func testLiveLockMeansReadUpstreamStaleLockIsBroken() throws {
    let counter = Counter()
    // A lock held by a live process (this one): the pass reads upstream and writes nothing.
    try "\(getpid()) \(ProcessInfo.processInfo.hostName) \(Int(Date().timeIntervalSince1970))\n"
      .write(toFile: directory + ".lock", atomically: true, encoding: .utf8)
    _ = try pipeline(counter).collect()
    XCTAssertFalse(pipeline(counter).isFilled)
    // A lock left by a dead process is broken and the cache is filled.
    try "999999 \(ProcessInfo.processInfo.hostName) \(Int(Date().timeIntervalSince1970))\n"
      .write(toFile: directory + ".lock", atomically: true, encoding: .utf8)
    _ = try pipeline(counter).collect()
    XCTAssertTrue(pipeline(counter).isFilled)
  }

  func testResumeWhileServingFromTheCache() throws {
    let counter = Counter()
    let ds = pipeline(counter)
    _ = try ds.collect()
    let served = ds.map { try $0.int64("timestamp") }
    try assertExactResume(served, epoch: 0)
  }

  func testUpstreamErrorLeavesNoCache() throws {
    let failing = Datasets.range(0..<4).map { i -> FeatureBatch in
      if i == 2 { throw CancellationError() }
      return ShardTestData.batch(rows: (i * 10)..<(i * 10 + 10))
    }.cache(directory: directory)
    XCTAssertThrowsError(try failing.collect())
    XCTAssertFalse(failing.isFilled)
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + ".lock"))
  }
}
