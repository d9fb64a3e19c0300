import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

/// Exact resume of whole pipelines: a run saved at element k and restored from JSON yields
/// exactly the uninterrupted run, for every k.
final class ResumeTests: XCTestCase {
  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reel-resume-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    // Five "shards" of CSV rows with different line endings and lengths.
    for shard in 0..<5 {
      let rows = (0..<(20 + shard * 7)).map { "\(shard),\($0),\(($0 * 37 + shard) % 10)" }
      let ending = shard % 2 == 0 ? "\r\n" : "\n"
      try Data((rows.joined(separator: ending) + ending).utf8)
        .write(to: directory.appendingPathComponent("part-\(shard).csv"))
    }
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
    XCTAssertTrue(PipelineDiagnostics.waitForBackgroundWork())
  }

  struct Row: Equatable {
    var shard: Int
    var index: Int
    var score: Int
  }

  static func parse(_ line: String) throws -> Row {
    let f = line.split(separator: ",").compactMap { Int($0) }
    guard f.count == 3 else { throw TestFailure("bad row \(line)") }
    return Row(shard: f[0], index: f[1], score: f[2])
  }

  func pipeline(parallel: Bool) -> some Dataset<[Row]> {
    Datasets.files(in: directory.path, matching: "*.csv")
      .interleave(cycleLength: 3, blockLength: 4, parallel: parallel, parallelBufferSize: 5) {
        Datasets.textLines([$0])
      }
      .map(parallelism: 2, chunkSize: 8, Self.parse)
      .filter { $0.score != 3 }
      .shuffle(bufferSize: 16, seed: 2026)
      .batch(size: 7)
      .prefetch(2)
  }

  func testEveryPositionOfAFullPipeline() throws {
    for parallel in [false, true] {
      let ds = pipeline(parallel: parallel)
      let full = try assertExactResume(ds, epoch: 3)
      XCTAssertEqual(full.flatMap { $0 }.count, try ds.collect(epoch: 3).flatMap { $0 }.count)
      XCTAssertGreaterThan(full.count, 15)
    }
  }

  func testEveryPositionAcrossRepeatedEpochs() throws {
    let ds = Datasets.range(0..<23).map(parallelism: 2, chunkSize: 3) { $0 * 2 }
      .shuffle(bufferSize: 5, seed: 1).repeat(3).filter { $0 % 3 != 0 }.batch(size: 4).prefetch(3)
    try assertExactResume(ds, epoch: 1)
  }

  func testStateIsSmall() throws {
    let ds = pipeline(parallel: true)
    var iterator = ds.makeIterator(epoch: 0)
    for _ in 0..<5 { _ = try iterator.next() }
    let saved = try iterator.saveState()
    XCTAssertLessThan(saved.count, 2048, String(decoding: saved, as: UTF8.self))
  }

  func testCorruptStateIsAClearError() throws {
    let ds = pipeline(parallel: false)
    XCTAssertThrowsError(try ds.makeIterator(restoringFrom: Data("{\"nonsense\": 1}".utf8))) {
      guard case PipelineError.invalidState = $0 else { return XCTFail("\($0)") }
    }
    let shuffled = Datasets.range(0..<10).shuffle(bufferSize: 4, seed: 1)
    let bogus = ShuffleState(epoch: 0, start: 0, consumed: 3, produced: 9, upstreamEnded: false)
    XCTAssertThrowsError(try shuffled.makeIterator(restoring: bogus))
  }
}
