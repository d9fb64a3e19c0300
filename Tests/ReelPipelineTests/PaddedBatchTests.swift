import ReelPipeline
import ReelTestSupport
import XCTest

final class PaddedBatchTests: XCTestCase {
  let rows = [[1], [2, 2], [3, 3, 3], [], [5, 5, 5, 5, 5]]

  func testPadsToLongestRowOfEachBatch() throws {
    let out = try Datasets.from(rows).paddedBatch(size: 2, paddingValue: 0).collect()
    XCTAssertEqual(
      out.map(\.rows), [[[1, 0], [2, 2]], [[3, 3, 3], [0, 0, 0]], [[5, 5, 5, 5, 5]]])
    XCTAssertEqual(out.map(\.width), [2, 3, 5])
    XCTAssertEqual(out.map(\.lengths), [[1, 2], [3, 0], [5]])
    XCTAssertEqual(out[1].values, [3, 3, 3, 0, 0, 0])
    XCTAssertEqual(out[1].rowCount, 2)
    XCTAssertEqual(out[0].unpaddedRows, [[1], [2, 2]])
  }

  func testFixedLengthAndDropRemainder() throws {
    let ds = Datasets.from(rows).paddedBatch(
      size: 2, paddedLength: 6, paddingValue: -1, dropRemainder: true)
    XCTAssertEqual(
      try ds.collect().map(\.rows),
      [
        [[1, -1, -1, -1, -1, -1], [2, 2, -1, -1, -1, -1]],
        [[3, 3, 3, -1, -1, -1], [-1, -1, -1, -1, -1, -1]],
      ])
    XCTAssertEqual(ds.cardinality, .finite(2))
    XCTAssertEqual(
      Datasets.from(rows).paddedBatch(size: 2, paddingValue: 0).cardinality, .finite(3))
    XCTAssertEqual(
      Datasets.counter().map { [$0] }.paddedBatch(size: 2, paddingValue: 0).cardinality, .infinite)
    XCTAssertEqual(try Datasets.from([[Int]]()).paddedBatch(size: 2, paddingValue: 0).collect(), [])
  }

  func testEmptyRowsGiveWidthZero() throws {
    let out = try Datasets.from([[Int](), []]).paddedBatch(size: 2, paddingValue: 0).collect()
    XCTAssertEqual(out.map(\.width), [0])
    XCTAssertEqual(out.map(\.rows), [[[], []]])
  }

  func testRowLongerThanPaddedLengthNamesTheElement() {
    let ds = Datasets.from(rows).paddedBatch(size: 2, paddedLength: 2, paddingValue: 0)
    assertPipelineError(try ds.collect()) {
      guard case .stage("paddedBatch", elementIndex: 2, let underlying) = $0 else { return false }
      return underlying as? PaddingError == .rowTooLong(row: 0, length: 3, width: 2)
    }
  }

  func testInvalidArguments() {
    assertPipelineError(try Datasets.from(rows).paddedBatch(size: 0, paddingValue: 0).collect()) {
      if case .invalidArgument(stage: "paddedBatch", _) = $0 { return true } else { return false }
    }
    let negative = Datasets.from(rows).paddedBatch(size: 2, paddedLength: -1, paddingValue: 0)
    assertPipelineError(try negative.collect()) {
      if case .invalidArgument(stage: "paddedBatch", _) = $0 { return true } else { return false }
    }
    XCTAssertThrowsError(try PaddedBatch(rows: [[1, 2]], width: 1, paddingValue: 0))
    XCTAssertThrowsError(try PaddedBatch(rows: [[Int]](), width: -1, paddingValue: 0))
  }

  func testExactResumeAtEveryPosition() throws {
    try assertExactResume(Datasets.from(rows).paddedBatch(size: 2, paddingValue: 0))
    let shuffled = Datasets.range(0..<40).shuffle(bufferSize: 7, seed: 3)
      .map { Array(0..<($0 % 5)) }
    try assertExactResume(shuffled.paddedBatch(size: 3, paddingValue: -1))
    try assertExactResume(shuffled.paddedBatch(size: 3, paddedLength: 4, paddingValue: 0), epoch: 2)
  }

  func testErrorIndexSurvivesResume() throws {
    let ds = Datasets.from(rows).paddedBatch(size: 1, paddedLength: 2, paddingValue: 0)
    var it = ds.makeIterator()
    _ = try it.next()
    var restored = try ds.makeIterator(restoringFrom: try it.saveState())
    _ = try restored.next()
    assertPipelineError(try restored.next()) {
      if case .stage("paddedBatch", elementIndex: 2, _) = $0 { return true } else { return false }
    }
  }
}
