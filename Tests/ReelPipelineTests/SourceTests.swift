import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

final class SourceTests: XCTestCase {
  func testArraySourceYieldsInOrderAndResumes() throws {
    let ds = Datasets.from([5, 3, 9])
    XCTAssertEqual(try ds.collect(), [5, 3, 9])
    XCTAssertEqual(ds.cardinality, .finite(3))
    try assertExactResume(ds)
    XCTAssertEqual(try Datasets.from([Int]()).collect(), [])
  }

  func testRangeMatchesPythonRange() throws {
    XCTAssertEqual(try Datasets.range(0..<5).collect(), [0, 1, 2, 3, 4])
    XCTAssertEqual(try Datasets.range(from: 10, to: 0, by: -3).collect(), [10, 7, 4, 1])
    XCTAssertEqual(try Datasets.range(from: 0, to: 10, by: 4).collect(), [0, 4, 8])
    XCTAssertEqual(Datasets.range(from: 0, to: 10, by: 4).cardinality, .finite(3))
    XCTAssertEqual(try Datasets.range(from: 5, to: 5).collect(), [])
    XCTAssertEqual(Datasets.counter().cardinality, .infinite)
    XCTAssertEqual(try Datasets.counter(start: 3, step: 2).take(3).collect(), [3, 5, 7])
    assertPipelineError(try Datasets.range(from: 0, to: 3, by: 0).collect()) {
      if case .invalidArgument(stage: "range", _) = $0 { return true } else { return false }
    }
    try assertExactResume(Datasets.range(from: 3, to: 20, by: 3))
  }

  func testIndexedGenerator() throws {
    let ds = Datasets.generate(count: 4) { $0 * $0 }
    XCTAssertEqual(try ds.collect(), [0, 1, 4, 9])
    XCTAssertEqual(ds.cardinality, .finite(4))
    try assertExactResume(ds)
    XCTAssertEqual(try Datasets.generate(count: nil) { $0 }.take(2).collect(), [0, 1])
  }

  func testStatefulGeneratorRestoresByReplay() throws {
    let ds = Datasets.generator { epoch -> () -> Int? in
      var n = 0
      return {
        n += 1
        return n <= 5 ? n * 10 + epoch : nil
      }
    }
    XCTAssertEqual(try ds.collect(), [10, 20, 30, 40, 50])
    XCTAssertEqual(try ds.collect(epoch: 1), [11, 21, 31, 41, 51])
    try assertExactResume(ds, epoch: 1)
  }

  func testGeneratorErrorNamesStageAndIndex() {
    let ds = Datasets.generate(count: 5) { i -> Int in
      if i == 3 { throw TestFailure("bad") }
      return i
    }
    assertPipelineError(try ds.collect()) {
      if case .stage("generate", elementIndex: 3, let underlying) = $0 {
        return underlying as? TestFailure == TestFailure("bad")
      }
      return false
    }
  }
}
