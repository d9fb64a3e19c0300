import ReelPipeline
import ReelTestSupport
import XCTest

final class ShuffleTests: XCTestCase {
  func testIsAPermutationDeterministicPerSeedAndEpoch() throws {
    let ds = Datasets.range(0..<100).shuffle(bufferSize: 100, seed: 7)
    let e0 = try ds.collect(epoch: 0)
    XCTAssertEqual(e0.sorted(), Array(0..<100))
    XCTAssertNotEqual(e0, Array(0..<100))
    XCTAssertEqual(try ds.collect(epoch: 0), e0, "same seed and epoch give the same order")
    XCTAssertNotEqual(try ds.collect(epoch: 1), e0, "a new epoch reshuffles")
    let fixed = Datasets.range(0..<100).shuffle(
      bufferSize: 100, seed: 7, reshuffleEachIteration: false)
    XCTAssertEqual(try fixed.collect(epoch: 0), try fixed.collect(epoch: 5))
    XCTAssertNotEqual(try Datasets.range(0..<100).shuffle(bufferSize: 100, seed: 8).collect(), e0)
  }

  func testBufferSemanticsMatchTFData() throws {
    // tf.data: with buffer B, output i is drawn from the first B + i input elements.
    for seed in 0..<20 as Range<UInt64> {
      let out = try Datasets.range(0..<1000).shuffle(bufferSize: 10, seed: seed).collect()
      XCTAssertEqual(out.sorted(), Array(0..<1000))
      for (i, x) in out.enumerated() { XCTAssertLessThan(x, 10 + i) }
    }
    // Buffer of 1 is the identity.
    XCTAssertEqual(
      try Datasets.range(0..<50).shuffle(bufferSize: 1, seed: 3).collect(), Array(0..<50))
  }

  func testFirstOutputIsUniformOverTheBuffer() throws {
    var counts = [Int](repeating: 0, count: 4)
    for seed in 0..<4000 as Range<UInt64> {
      let first = try Datasets.range(0..<10).shuffle(bufferSize: 4, seed: seed).take(1).collect()[0]
      counts[first] += 1
    }
    for c in counts { XCTAssertEqual(Double(c), 1000, accuracy: 120) }
  }

  func testResumeAtEveryPositionWithFilterAndBatch() throws {
    let ds = Datasets.range(0..<60).map { $0 * 7 % 61 }.filter { $0 % 3 != 0 }
      .shuffle(bufferSize: 8, seed: 11).batch(size: 5)
    try assertExactResume(ds, epoch: 2)
    try assertExactResume(Datasets.range(0..<5).shuffle(bufferSize: 10, seed: 1))
  }

  func testInvalidBufferSize() {
    assertPipelineError(try Datasets.range(0..<3).shuffle(bufferSize: 0, seed: 1).collect()) {
      if case .invalidArgument(stage: "shuffle", _) = $0 { return true } else { return false }
    }
  }
}
