import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

final class MixingTests: XCTestCase {
  func sources() -> [AnyDataset<Int>] {
    [Datasets.range(0..<50).eraseToAnyDataset(), Datasets.range(1000..<1010).eraseToAnyDataset()]
  }

  func testSampleFollowsWeightsAndIsDeterministic() throws {
    let big = Datasets.sample(
      from: [
        Datasets.counter().eraseToAnyDataset(),
        Datasets.counter(start: -1, step: -1).eraseToAnyDataset(),
      ],
      weights: [0.25, 0.75], seed: 3)
    XCTAssertEqual(big.cardinality, .infinite)
    let draws = try big.take(20_000).collect()
    let fromFirst = Double(draws.filter { $0 >= 0 }.count) / 20_000
    XCTAssertEqual(fromFirst, 0.25, accuracy: 0.015)
    XCTAssertEqual(try big.take(100).collect(), try big.take(100).collect())
    XCTAssertNotEqual(try big.take(100).collect(epoch: 1), try big.take(100).collect(epoch: 0))
  }

  func testSampleRenormalisesOrStopsWhenASourceEnds() throws {
    let all = try Datasets.sample(from: sources(), weights: [0.5, 0.5], seed: 1).collect()
    XCTAssertEqual(
      all.sorted(), Array(0..<50) + Array(1000..<1010), "every element of every source, once")
    XCTAssertEqual(all.filter { $0 < 1000 }, Array(0..<50), "each source keeps its own order")
    let stopped = try Datasets.sample(
      from: sources(), weights: [0.5, 0.5], seed: 1, stopOnEmptyDataset: true
    ).collect()
    XCTAssertLessThan(stopped.count, 60)
    XCTAssertEqual(stopped.filter { $0 >= 1000 }, Array(1000..<1010))
  }

  func testSampleResumesExactly() throws {
    try assertExactResume(Datasets.sample(from: sources(), weights: [0.3, 0.7], seed: 8), epoch: 2)
  }

  func testSampleRejectsBadWeights() {
    assertPipelineError(try Datasets.sample(from: sources(), weights: [1], seed: 1).collect()) {
      if case .invalidArgument(stage: "sample", _) = $0 { return true } else { return false }
    }
    assertPipelineError(try Datasets.sample(from: sources(), weights: [0, -1], seed: 1).collect()) {
      if case .invalidArgument(stage: "sample", _) = $0 { return true } else { return false }
    }
  }

  func testChooseResumesAndRejectsOutOfRangeChoices() throws {
    let ds = Datasets.choose(from: sources(), choices: Datasets.from([0, 1, 1, 0, 1, 0]))
    XCTAssertEqual(try ds.collect(), [0, 1000, 1001, 1, 1002, 2])
    try assertExactResume(ds)
    assertPipelineError(
      try Datasets.choose(from: sources(), choices: Datasets.from([0, 5])).collect()
    ) {
      if case .stage("choose", elementIndex: 1, _) = $0 { return true } else { return false }
    }
  }

  func testAnyDatasetStateSurvivesJSON() throws {
    let erased = Datasets.range(0..<30).shuffle(bufferSize: 6, seed: 2).batch(size: 4)
      .eraseToAnyDataset()
    try assertExactResume(erased, epoch: 1)
    XCTAssertEqual(erased.cardinality, .finite(8))
  }

  func testAsyncSequenceView() async throws {
    var out: [[Int]] = []
    for try await batch in Datasets.range(0..<10).batch(size: 4).prefetch(2).async(epoch: 0) {
      out.append(batch)
    }
    XCTAssertEqual(out, [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]])
    do {
      for try await _ in Datasets.range(0..<3).map({ x -> Int in
        if x == 2 { throw TestFailure("x") }
        return x
      }).async() {}
      XCTFail("expected an error")
    } catch PipelineError.stage("map", elementIndex: 2, _) {}
  }
}
