import ReelPipeline
import ReelTestSupport
import XCTest

final class UnbatchTests: XCTestCase {
  func testSplitsBatchesAndSkipsEmptyOnes() throws {
    XCTAssertEqual(
      try Datasets.from([[0, 1], [], [2, 3, 4], []]).unbatch().collect(), [0, 1, 2, 3, 4])
    XCTAssertEqual(try Datasets.range(0..<7).batch(size: 3).unbatch().collect(), Array(0..<7))
    XCTAssertEqual(try Datasets.from([[Int]]()).unbatch().collect(), [])
    XCTAssertEqual(try Datasets.from([0..<2, 2..<2, 2..<4]).unbatch().collect(), [0, 1, 2, 3])
  }

  func testCardinality() {
    XCTAssertEqual(Datasets.from([[1, 2]]).unbatch().cardinality, .unknown)
    XCTAssertEqual(Datasets.counter().batch(size: 2).unbatch().cardinality, .infinite)
    XCTAssertEqual(Datasets.from([[1]]).filter { _ in true }.unbatch().cardinality, .unknown)
  }

  func testSkipCrossesBatches() throws {
    var it = Datasets.from([[0, 1], [], [2, 3, 4], [5]]).unbatch().makeIterator()
    XCTAssertEqual(try it.skip(3), 3)
    XCTAssertEqual(try it.next(), 3)
    XCTAssertEqual(try it.skip(10), 2)
    XCTAssertEqual(try it.next(), nil)
  }

  func testUpstreamErrorsPassThrough() {
    let ds = Datasets.range(0..<4).map { x -> [Int] in
      if x == 2 { throw TestFailure("two") }
      return [x, x]
    }.unbatch()
    assertPipelineError(try ds.collect()) {
      if case .stage("map", elementIndex: 2, _) = $0 { return true } else { return false }
    }
  }

  func testExactResumeAtEveryPosition() throws {
    try assertExactResume(Datasets.from([[0, 1], [], [2, 3, 4], [], [5]]).unbatch())
    let shuffled = Datasets.range(0..<40).shuffle(bufferSize: 7, seed: 3)
    try assertExactResume(shuffled.batch(size: 3).unbatch())
    try assertExactResume(shuffled.map { Array(repeating: $0, count: $0 % 3) }.unbatch(), epoch: 1)
  }

  func testCorruptStateIsReported() throws {
    let ds = Datasets.from([[0, 1]]).unbatch()
    let bad = ChunkState(upstream: 0, offset: 5, firstIndex: 0)
    assertPipelineError(try ds.makeIterator(restoring: bad)) {
      if case .invalidState(stage: "unbatch", _) = $0 { return true } else { return false }
    }
  }
}
