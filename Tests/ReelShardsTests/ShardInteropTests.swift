import Foundation
import ReelPipeline
import XCTest

@testable import ReelShards

/// The Python reader in scripts/read_shards.py, written from Docs/ShardFormat.md alone, reads
/// what the Swift writer wrote (every column type, several shards and blocks).
final class ShardInteropTests: XCTestCase {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  func testPythonReaderReadsSwiftShards() throws {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import numpy, zstandard"]
    probe.standardError = FileHandle.nullDevice
    do {
      try probe.run()
      probe.waitUntilExit()
    } catch {
      throw XCTSkip("python3 is not installed")
    }
    guard probe.terminationStatus == 0 else { throw XCTSkip("python3 lacks numpy or zstandard") }

    let directory = ShardTestData.temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try ShardTestData.dataset(total: 4_321, batchRows: 500).writeShards(to: directory, options: ShardTestData.smallOptions())
    var jsonl = ""
    for batch in try ShardDataset(directory: directory).collect() {
      for row in 0..<batch.rowCount { jsonl += RowFormatting.jsonLine(batch, row: row) + "\n" }
    }
    let jsonlPath = directory + ".jsonl"
    defer { try? FileManager.default.removeItem(atPath: jsonlPath) }
    try jsonl.write(toFile: jsonlPath, atomically: true, encoding: .utf8)

    let test = Process()
    test.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    test.arguments = ["python3", Self.root.appendingPathComponent("scripts/test_read_shards.py").path]
    test.environment = ProcessInfo.processInfo.environment.merging(
      ["REEL_SHARDS_DIR": directory, "REEL_SHARDS_JSONL": jsonlPath]) { $1 }
    let pipe = Pipe()
    test.standardOutput = pipe
    test.standardError = pipe
    try test.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    test.waitUntilExit()
    XCTAssertEqual(test.terminationStatus, 0, output)
    XCTAssertTrue(output.contains("reel_written_shards_match_jsonl"), output)
    XCTAssertTrue(output.contains("4321 rows"), output)
  }
}
