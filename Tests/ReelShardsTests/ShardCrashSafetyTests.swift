import Foundation
import ReelPipeline
import XCTest

@testable import ReelShards

/// A failed or interrupted write leaves the previous complete dataset (or none), never a
/// readable half.
final class ShardCrashSafetyTests: XCTestCase {
  var directory: String!

  override func setUp() { directory = ShardTestData.temporaryDirectory() }
  override func tearDown() {
    FileIO.faultLock.lock()
    FileIO.injectFault = nil
    FileIO.faultLock.unlock()
    try? FileManager.default.removeItem(atPath: directory)
  }

  func inject(_ fault: @escaping (String, String) -> Bool) {
    FileIO.faultLock.lock()
    FileIO.injectFault = fault
    FileIO.faultLock.unlock()
  }

  func contents() throws -> [Int64] {
    try ShardDataset(directory: directory, columns: ["timestamp"]).collect().flatMap { try $0.int64("timestamp") }
  }

  func testInjectedIOErrorsKeepThePreviousDataset() throws {
    var options = ShardTestData.smallOptions()
    options.overwrite = true
    var failuresChecked = 0
    // Fail the n-th write-side operation of a rewrite, for many n and each kind of operation.
    for operation in ["write", "fsync", "rename"] {
      for n in [1, 2, 3, 5, 8, 13, 40] {
        try? FileManager.default.removeItem(atPath: directory)
        try ShardTestData.dataset(total: 2_000).writeShards(to: directory, options: ShardTestData.smallOptions())
        let before = try contents()
        let shardsBefore = Set(ShardTestData.shardFiles(directory))
        var count = 0
        inject { op, _ in
          guard op == operation else { return false }
          count += 1
          return count == n
        }
        let failed: Bool
        do {
          try ShardTestData.dataset(total: 3_000).writeShards(to: directory, options: options)
          failed = false
        } catch ShardError.io {
          failed = true
        }
        inject { _, _ in false }
        guard failed else {
          XCTAssertLessThan(count, n, "\(operation) #\(n) was injected but the write succeeded")
          continue
        }
        failuresChecked += 1
        let after = try contents()
        XCTAssertTrue(after == before, "\(operation) #\(n): previous dataset changed (\(after.count) rows)")
        XCTAssertEqual(Set(ShardTestData.shardFiles(directory)), shardsBefore, "\(operation) #\(n): stray shards")
        XCTAssertTrue(ShardVerifier.verify(directory: directory).isValid, "\(operation) #\(n)")
        let hidden = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
        XCTAssertEqual(hidden, [], "\(operation) #\(n): temporary files left behind")
      }
    }
    XCTAssertGreaterThanOrEqual(failuresChecked, 10)
  }

  func testManifestRenameFailureOnANewDatasetLeavesNoDataset() throws {
    inject { op, path in op == "rename" && path.hasSuffix("manifest.json") }
    XCTAssertThrowsError(try ShardTestData.dataset(total: 500).writeShards(to: directory))
    inject { _, _ in false }
    XCTAssertThrowsError(try ShardDataset(directory: directory)) {
      XCTAssertEqual($0 as? ShardError, .notADataset(path: self.directory))
    }
    XCTAssertEqual(ShardTestData.shardFiles(directory), [], "abandoned shards are removed")
  }

  func testAFailingUpstreamAbortsTheWrite() throws {
    let failing = ShardTestData.dataset(total: 5_000).enumerate().map { pair -> FeatureBatch in
      if pair.index == 3 { throw CancellationError() }
      return pair.element
    }
    XCTAssertThrowsError(try failing.writeShards(to: directory, options: ShardTestData.smallOptions()))
    XCTAssertFalse(FileManager.default.fileExists(atPath: directory + "/manifest.json"))
    XCTAssertEqual(ShardTestData.shardFiles(directory), [])
  }
}
