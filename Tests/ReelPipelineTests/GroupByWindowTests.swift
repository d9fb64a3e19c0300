import ReelPipeline
import ReelTestSupport
import XCTest

final class GroupByWindowTests: XCTestCase {
  func testWindowsAndEndFlushInKeyOrder() throws {
    let ds = Datasets.range(0..<10).groupByWindow(key: { $0 % 2 }, windowSize: 3) { _, w in w }
    XCTAssertEqual(try ds.collect(), [[0, 2, 4], [1, 3, 5], [6, 8], [7, 9]])
    let late = Datasets.from([5, 4, -3, 2]).groupByWindow(key: { $0 }, windowSize: 2) { k, w in
      [k] + w
    }
    XCTAssertEqual(try late.collect(), [[-3, -3], [2, 2], [4, 4], [5, 5]])
    XCTAssertEqual(ds.cardinality, .unknown)
    XCTAssertEqual(
      Datasets.counter().groupByWindow(key: { $0 }, windowSize: 1) { _, w in w }.cardinality,
      .unknown)
  }

  func testWindowSizeForKey() throws {
    let ds = Datasets.range(0..<6).groupByWindow(
      key: { $0 % 2 }, windowSizeForKey: { $0 == 0 ? 3 : 1 }
    ) { _, w in w }
    XCTAssertEqual(try ds.collect(), [[1], [3], [0, 2, 4], [5]])
    let bad = Datasets.range(0..<6).groupByWindow(
      key: { $0 % 2 }, windowSizeForKey: { $0 == 0 ? 3 : 0 }
    ) { _, w in w }
    assertPipelineError(try bad.collect()) {
      if case .invalidArgument(stage: "groupByWindow", _) = $0 { return true } else { return false }
    }
  }

  func testErrorsNameTheElement() {
    let badKey = Datasets.range(0..<6).groupByWindow(
      key: { x -> Int in
        if x == 4 { throw TestFailure("four") }
        return x % 2
      }, windowSize: 2
    ) { _, w in w }
    assertPipelineError(try badKey.collect()) {
      if case .stage("groupByWindow", elementIndex: 4, _) = $0 { return true } else { return false }
    }
    let badReduce = Datasets.range(0..<6).groupByWindow(key: { $0 % 2 }, windowSize: 2) {
      k, w -> [Int] in
      if k == 1 { throw TestFailure("odd") }
      return w
    }
    assertPipelineError(try badReduce.collect()) {
      if case .stage("groupByWindow", elementIndex: 3, _) = $0 { return true } else { return false }
    }
    let zero = Datasets.range(0..<6).groupByWindow(key: { $0 }, windowSize: 0) { _, w in w }
    assertPipelineError(try zero.collect()) {
      if case .invalidArgument(stage: "groupByWindow", _) = $0 { return true } else { return false }
    }
  }

  func testExactResumeAtEveryPosition() throws {
    try assertExactResume(
      Datasets.range(0..<20).groupByWindow(key: { $0 % 3 }, windowSize: 4) { k, w in [k] + w })
    try assertExactResume(
      Datasets.range(0..<12).groupByWindow(key: { _ in 0 }, windowSize: 5) { _, w in w })
    let shuffled = Datasets.range(0..<40).shuffle(bufferSize: 7, seed: 3)
    try assertExactResume(shuffled.groupByWindow(key: { $0 % 4 }, windowSize: 3) { _, w in w })
    try assertExactResume(
      shuffled.groupByWindow(key: { $0 % 5 }, windowSizeForKey: { $0 + 1 }) { _, w in w }, epoch: 3)
  }

  func testStateStaysSmallWhenWindowsClose() throws {
    let ds = Datasets.range(0..<1000).groupByWindow(key: { _ in 0 }, windowSize: 10) { _, w in w }
    var it = ds.makeIterator()
    for _ in 0..<50 { _ = try it.next() }
    let state = try it.checkpoint()
    XCTAssertEqual(state.consumed, 0)
    XCTAssertEqual(state.startIndex, 500)
  }
}
