import ReelPipeline
import ReelTestSupport
import XCTest

final class CoreStageTests: XCTestCase {
  func testMapFilterCardinalityAndResume() throws {
    let ds = Datasets.range(0..<20).map { $0 * 3 }.filter { $0 % 2 == 0 }
    XCTAssertEqual(try ds.collect(), [0, 6, 12, 18, 24, 30, 36, 42, 48, 54])
    XCTAssertEqual(Datasets.range(0..<20).map { $0 }.cardinality, .finite(20))
    XCTAssertEqual(ds.cardinality, .unknown)
    try assertExactResume(ds)
  }

  func testMapErrorNamesStageAndElement() {
    let ds = Datasets.range(0..<10).map { x -> Int in
      if x == 7 { throw TestFailure("seven") }
      return x
    }
    assertPipelineError(try ds.collect()) {
      if case .stage("map", elementIndex: 7, _) = $0 { return true } else { return false }
    }
  }

  func testFilterErrorNamesStageAndElement() {
    let ds = Datasets.range(0..<10).filter { x -> Bool in
      if x == 4 { throw TestFailure("four") }
      return true
    }
    assertPipelineError(try ds.collect()) {
      if case .stage("filter", elementIndex: 4, _) = $0 { return true } else { return false }
    }
  }

  func testBatchKeepsPartialLastBatchByDefault() throws {
    XCTAssertEqual(
      try Datasets.range(0..<7).batch(size: 3).collect(), [[0, 1, 2], [3, 4, 5], [6]])
    XCTAssertEqual(
      try Datasets.range(0..<7).batch(size: 3, dropRemainder: true).collect(),
      [[0, 1, 2], [3, 4, 5]])
    XCTAssertEqual(Datasets.range(0..<7).batch(size: 3).cardinality, .finite(3))
    XCTAssertEqual(
      Datasets.range(0..<7).batch(size: 3, dropRemainder: true).cardinality, .finite(2))
    XCTAssertEqual(Datasets.counter().batch(size: 3).cardinality, .infinite)
    try assertExactResume(Datasets.range(0..<10).filter { $0 != 4 }.batch(size: 4))
  }

  func testBatchSizeZeroIsAnError() {
    assertPipelineError(try Datasets.range(0..<3).batch(size: 0).collect()) {
      if case .invalidArgument(stage: "batch", _) = $0 { return true } else { return false }
    }
  }

  func testTakeSkipCountsAndNegativeCounts() throws {
    let ds = Datasets.range(0..<10)
    XCTAssertEqual(try ds.take(3).collect(), [0, 1, 2])
    XCTAssertEqual(try ds.take(-1).collect(), Array(0..<10))
    XCTAssertEqual(try ds.take(30).collect(), Array(0..<10))
    XCTAssertEqual(try ds.skip(7).collect(), [7, 8, 9])
    XCTAssertEqual(try ds.skip(-1).collect(), [])
    XCTAssertEqual(try ds.skip(30).collect(), [])
    XCTAssertEqual(ds.take(3).cardinality, .finite(3))
    XCTAssertEqual(ds.skip(7).cardinality, .finite(3))
    XCTAssertEqual(ds.skip(70).cardinality, .finite(0))
    XCTAssertEqual(ds.skip(-1).cardinality, .finite(0))
    XCTAssertEqual(Datasets.counter().take(4).cardinality, .finite(4))
    try assertExactResume(ds.skip(2).take(5))
  }

  func testReduceAndForEach() throws {
    XCTAssertEqual(try Datasets.range(1..<5).reduce(0, +), 10)
    var seen: [Int] = []
    try Datasets.range(0..<3).forEach { seen.append($0) }
    XCTAssertEqual(seen, [0, 1, 2])
  }
}
