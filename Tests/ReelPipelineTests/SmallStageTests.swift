import ReelPipeline
import ReelTestSupport
import XCTest

final class SmallStageTests: XCTestCase {
  func testSingleApplyAndSingleElement() throws {
    XCTAssertEqual(try Datasets.single([1, 2]).collect(), [[1, 2]])
    XCTAssertEqual(try Datasets.single(5).singleElement(), 5)
    assertPipelineError(try Datasets.range(0..<2).singleElement()) {
      if case .invalidArgument(stage: "singleElement", _) = $0 { return true } else { return false }
    }
    assertPipelineError(try Datasets.range(0..<0).singleElement()) {
      if case .invalidArgument(stage: "singleElement", _) = $0 { return true } else { return false }
    }
    func evens<D: Dataset<Int>>(_ ds: D) -> Filter<D> { ds.filter { $0 % 2 == 0 } }
    XCTAssertEqual(try Datasets.range(0..<5).apply(evens).collect(), [0, 2, 4])
  }

  func testRandomIsSeededPerEpochAndResumable() throws {
    let ds = Datasets.random(seed: 1)
    let a = try ds.take(50).collect()
    XCTAssertEqual(a, try ds.take(50).collect())
    XCTAssertNotEqual(a, try ds.take(50).collect(epoch: 1))
    XCTAssertEqual(Set(a).count, 50)
    let fixed = Datasets.random(seed: 1, rerandomizeEachIteration: false).take(5)
    XCTAssertEqual(try fixed.collect(epoch: 3), try fixed.collect(epoch: 0))
    XCTAssertEqual(ds.cardinality, .infinite)
    try assertExactResume(ds.take(20), epoch: 2)
    let dice = try ds.map { (($0 % 6) + 6) % 6 }.take(6000).collect()
    for face in 0..<6 {
      XCTAssertEqual(Double(dice.filter { $0 == face }.count), 1000, accuracy: 150)
    }
  }
}
