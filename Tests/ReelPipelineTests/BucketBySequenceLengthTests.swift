import ReelPipeline
import ReelTestSupport
import XCTest

final class BucketBySequenceLengthTests: XCTestCase {
  let rows = [[1], [2, 2, 2, 2], [3, 3, 3], [4, 4, 4, 4, 4], [5, 5], [], [7, 7, 7]]

  func testBucketsPadAndFlush() throws {
    let ds = Datasets.from(rows).bucketBySequenceLength(
      boundaries: [3, 5], batchSizes: [2, 2, 2], paddingValue: 0)
    XCTAssertEqual(
      try ds.collect().map(\.rows),
      [
        [[2, 2, 2, 2], [3, 3, 3, 0]], [[1, 0], [5, 5]], [[]], [[7, 7, 7]], [[4, 4, 4, 4, 4]],
      ])
    XCTAssertEqual(ds.cardinality, .unknown)
    let dropped = Datasets.from(rows).bucketBySequenceLength(
      boundaries: [3, 5], batchSizes: [2, 2, 2], paddingValue: 0, dropRemainder: true)
    XCTAssertEqual(
      try dropped.collect().map(\.rows), [[[2, 2, 2, 2], [3, 3, 3, 0]], [[1, 0], [5, 5]]])
  }

  func testPadToBucketBoundaryAndCustomLength() throws {
    let ds = Datasets.from(rows).bucketBySequenceLength(
      boundaries: [3, 6], batchSizes: [3, 3, 3], paddingValue: -1, padToBucketBoundary: true)
    XCTAssertEqual(
      try ds.collect().map(\.rows),
      [
        [[2, 2, 2, 2, -1], [3, 3, 3, -1, -1], [4, 4, 4, 4, 4]], [[1, -1], [5, 5], [-1, -1]],
        [[7, 7, 7, -1, -1]],
      ])
    let byFirst = Datasets.from([[1, 9], [0], [1]]).bucketBySequenceLength(
      length: { $0.first ?? 0 }, boundaries: [1], batchSizes: [5, 5], paddingValue: 0)
    XCTAssertEqual(try byFirst.collect().map(\.rows), [[[0]], [[1, 9], [1, 0]]])
  }

  func testLengthBeyondLastBoundaryNamesTheElement() {
    let ds = Datasets.from(rows).bucketBySequenceLength(
      boundaries: [3, 5], batchSizes: [2, 2, 2], paddingValue: 0, padToBucketBoundary: true)
    assertPipelineError(try ds.collect()) {
      guard case .stage("bucketBySequenceLength", elementIndex: 3, let e) = $0 else { return false }
      return e as? PaddingError == .beyondLastBoundary(length: 5, boundary: 5)
    }
  }

  func testInvalidArguments() {
    let source = Datasets.from(rows)
    for ds in [
      source.bucketBySequenceLength(boundaries: [3], batchSizes: [2], paddingValue: 0),
      source.bucketBySequenceLength(boundaries: [3, 3], batchSizes: [2, 2, 2], paddingValue: 0),
      source.bucketBySequenceLength(boundaries: [3], batchSizes: [2, 0], paddingValue: 0),
    ] {
      assertPipelineError(try ds.collect()) {
        if case .invalidArgument(stage: "bucketBySequenceLength", _) = $0 { return true }
        return false
      }
    }
  }

  func testExactResumeAtEveryPosition() throws {
    try assertExactResume(
      Datasets.from(rows).bucketBySequenceLength(
        boundaries: [3, 5], batchSizes: [2, 1, 2], paddingValue: 0))
    let shuffled = Datasets.range(0..<40).shuffle(bufferSize: 7, seed: 3)
      .map { Array(repeating: $0, count: $0 % 7) }
    try assertExactResume(
      shuffled.bucketBySequenceLength(boundaries: [2, 4], batchSizes: [3, 2, 4], paddingValue: -1))
    try assertExactResume(
      shuffled.bucketBySequenceLength(
        boundaries: [3, 7], batchSizes: [2, 3, 2], paddingValue: 0, padToBucketBoundary: true,
        dropRemainder: true), epoch: 1)
  }
}
