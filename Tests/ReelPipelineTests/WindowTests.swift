import ReelPipeline
import ReelTestSupport
import XCTest

final class WindowTests: XCTestCase {
  func testShiftAndStride() throws {
    let ds = Datasets.range(0..<7)
    XCTAssertEqual(try ds.window(size: 3).collect(), [[0, 1, 2], [3, 4, 5], [6]])
    XCTAssertEqual(try ds.window(size: 3, dropRemainder: true).collect(), [[0, 1, 2], [3, 4, 5]])
    XCTAssertEqual(
      try ds.window(size: 3, shift: 2).collect(), [[0, 1, 2], [2, 3, 4], [4, 5, 6], [6]])
    XCTAssertEqual(
      try ds.window(size: 3, shift: 2, stride: 2, dropRemainder: true).collect(),
      [[0, 2, 4], [2, 4, 6]])
    XCTAssertEqual(try ds.window(size: 2, shift: 5).collect(), [[0, 1], [5, 6]])
    XCTAssertEqual(try Datasets.range(0..<0).window(size: 2).collect(), [])
    XCTAssertEqual(try Datasets.range(0..<2).window(size: 5, dropRemainder: true).collect(), [])
  }

  func testCardinalityMatchesOutputCount() throws {
    for n in [0, 1, 5, 10] {
      for (size, shift, stride) in [(1, 1, 1), (3, 1, 2), (3, 5, 1), (4, 2, 3), (2, 7, 1)] {
        for drop in [false, true] {
          let ds = Datasets.range(0..<n).window(
            size: size, shift: shift, stride: stride, dropRemainder: drop)
          XCTAssertEqual(ds.cardinality, .finite(try ds.collect().count), "\(n) \(size) \(shift)")
        }
      }
    }
    XCTAssertEqual(Datasets.counter().window(size: 2).cardinality, .infinite)
    XCTAssertEqual(Datasets.range(0..<4).filter { _ in true }.window(size: 2).cardinality, .unknown)
    XCTAssertEqual(Datasets.range(0..<4).window(size: 0).cardinality, .unknown)
  }

  func testInvalidArguments() {
    for ds in [
      Datasets.range(0..<4).window(size: 0), Datasets.range(0..<4).window(size: 2, shift: 0),
      Datasets.range(0..<4).window(size: 2, stride: -1),
    ] {
      assertPipelineError(try ds.collect()) {
        if case .invalidArgument(stage: "window", _) = $0 { return true } else { return false }
      }
    }
  }

  func testExactResumeAtEveryPosition() throws {
    for (size, shift, stride) in [(3, 1, 1), (3, 2, 2), (2, 7, 1), (4, 4, 3), (5, 1, 1)] {
      for drop in [false, true] {
        try assertExactResume(
          Datasets.range(0..<12)
            .window(size: size, shift: shift, stride: stride, dropRemainder: drop))
      }
    }
    let shuffled = Datasets.range(0..<40).shuffle(bufferSize: 7, seed: 3)
    try assertExactResume(shuffled.window(size: 4, shift: 3, stride: 2))
    try assertExactResume(shuffled.window(size: 3, shift: 5, dropRemainder: true), epoch: 1)
  }
}
