import Foundation
import ReelPipeline
import XCTest

@testable import ReelShards

/// Corrupt data is detected by checksum or structure checks and never returned as valid.
final class ShardCorruptionTests: XCTestCase {
  var directory: String!
  var original: FeatureBatch!

  override func setUpWithError() throws {
    directory = ShardTestData.temporaryDirectory()
    var options = ShardTestData.smallOptions()
    options.targetShardBytes = 1 << 30  // one shard file
    try ShardTestData.dataset(total: 3_000).writeShards(to: directory, options: options)
    original = try FeatureBatch.concatenate(try ShardDataset(directory: directory).collect())
  }

  override func tearDown() {
    try? FileManager.default.removeItem(atPath: directory)
    XCTAssertTrue(PipelineDiagnostics.waitForBackgroundWork())
  }

  var shard: String { ShardTestData.shardFiles(directory)[0] }

  func mutate(_ path: String, _ change: (inout [UInt8]) -> Void) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    change(&bytes)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
  }

  /// Reads everything; returns the error, or nil when the data read equals the original.
  func readAll() -> (any Error)? {
    do {
      let all = try FeatureBatch.concatenate(try ShardDataset(directory: directory).collect())
      if all.sameValues(as: original) { return nil }
      return TestCorruptionLeak()
    } catch {
      return error
    }
  }

  struct TestCorruptionLeak: Error {}

  func testFlippedBlockByteNamesFileAndBlock() throws {
    let reader = try ShardFileReader(path: shard)
    let entry = reader.blocks[2]
    try mutate(shard) { $0[entry.offset + entry.length / 2] ^= 0x40 }
    let error = readAll()
    guard case ShardError.checksumMismatch(let path, let block, _, _)? = error else {
      return XCTFail("expected a checksum mismatch, got \(String(describing: error))")
    }
    XCTAssertEqual(path, shard)
    XCTAssertEqual(block, 2)
    let report = ShardVerifier.verify(directory: directory)
    XCTAssertFalse(report.isValid)
    XCTAssertTrue(report.problems.contains { $0.contains("block 2") && $0.contains("checksum mismatch") }, "\(report.problems)")
    XCTAssertTrue(report.problems.contains { $0.contains("whole file") }, "\(report.problems)")
  }

  func testFooterTrailerAndHeaderDamage() throws {
    let size = try FileManager.default.attributesOfItem(atPath: shard)[.size] as! Int
    let pristine = try Data(contentsOf: URL(fileURLWithPath: shard))
    let cases: [(String, (inout [UInt8]) -> Void, (ShardError) -> Bool)] = [
      ("footer byte", { $0[size - 40] ^= 1 }, { if case .checksumMismatch(_, nil, _, _) = $0 { return true }; return false }),
      ("trailer magic", { $0[size - 1] = 0 }, { if case .corrupt = $0 { return true }; return false }),
      ("trailer version", { $0[size - 12] = 2 }, { $0 == .unsupportedVersion(path: self.shard, version: 2) }),
      ("header magic", { $0[0] = 0 }, { if case .corrupt = $0 { return true }; return false }),
      ("header reserved", { $0[13] = 1 }, { if case .corrupt = $0 { return true }; return false }),
      ("footer offset", { $0[size - 32] ^= 0x10 }, { _ in true }),
    ]
    for (name, change, matches) in cases {
      try pristine.write(to: URL(fileURLWithPath: shard))
      try mutate(shard, change)
      guard let error = readAll() as? ShardError else { XCTFail("\(name): not detected"); continue }
      XCTAssertTrue(matches(error), "\(name): \(error)")
      XCTAssertTrue(error.description.contains(shard), "\(name): the error names the file: \(error)")
      XCTAssertFalse(ShardVerifier.verify(directory: directory).isValid, name)
    }
  }

  func testTruncationsAreErrors() throws {
    let pristine = try Data(contentsOf: URL(fileURLWithPath: shard))
    for keep in [0, 10, 47, 48, pristine.count / 3, pristine.count - 33, pristine.count - 1] {
      try pristine.prefix(keep).write(to: URL(fileURLWithPath: shard))
      XCTAssertNotNil(readAll() as? ShardError, "truncated to \(keep) bytes")
    }
  }

  func testManifestProblems() throws {
    let path = directory + "/manifest.json"
    let text = try String(contentsOfFile: path, encoding: .utf8)
    try text.replacingOccurrences(of: "\"version\" : 1", with: "\"version\" : 7").write(toFile: path, atomically: true, encoding: .utf8)
    XCTAssertEqual(readAll() as? ShardError, .unsupportedVersion(path: path, version: 7))
    try text.replacingOccurrences(of: "\"name\" : \"user\"", with: "\"name\" : \"customer\"").write(toFile: path, atomically: true, encoding: .utf8)
    guard case ShardError.schemaMismatch? = readAll() else { return XCTFail("schema mismatch not detected") }
    try FileManager.default.removeItem(atPath: path)
    XCTAssertEqual(readAll() as? ShardError, .notADataset(path: directory))
    XCTAssertEqual(ShardVerifier.verify(directory: directory).problems.count, 1)
  }

  /// Random byte flips and truncations anywhere in the shard: errors only, never wrong data,
  /// never a crash.
  func testFuzzFlipsAndTruncations() throws {
    let pristine = [UInt8](try Data(contentsOf: URL(fileURLWithPath: shard)))
    var rng = SplitMix64(seed: 2026)
    var detected = 0
    for round in 0..<150 {
      var bytes = pristine
      if round % 5 == 4 {
        bytes = Array(bytes.prefix(rng.next(below: bytes.count)))
      } else {
        for _ in 0..<(1 + rng.next(below: 3)) { bytes[rng.next(below: bytes.count)] ^= UInt8(1 + rng.next(below: 255)) }
      }
      try Data(bytes).write(to: URL(fileURLWithPath: shard))
      let error = readAll()
      XCTAssertFalse(error is TestCorruptionLeak, "round \(round): corrupt data returned as valid")
      if error != nil { detected += 1 }
    }
    XCTAssertEqual(detected, 150, "every corruption of the shard file is reported")
  }
}
