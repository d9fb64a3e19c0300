import ReelPipeline
import ReelTestSupport
import XCTest

final class RebatchTests: XCTestCase {
  func testMatchesUnbatchBatch() throws {
    XCTAssertEqual(
      try Datasets.range(0..<7).batch(size: 4).rebatch(size: 3).collect(),
      [[0, 1, 2], [3, 4, 5], [6]])
    for inSize in 1...5 {
      for outSize in 1...6 {
        for drop in [false, true] {
          let upstream = Datasets.range(0..<13).batch(size: inSize)
          XCTAssertEqual(
            try upstream.rebatch(size: outSize, dropRemainder: drop).collect(),
            try upstream.unbatch().batch(size: outSize, dropRemainder: drop).collect(),
            "in \(inSize) out \(outSize) drop \(drop)")
        }
      }
    }
  }

  func testCycledSizesZeroSizesAndEmptyInputBatches() throws {
    XCTAssertEqual(
      try Datasets.range(0..<8).batch(size: 4).rebatch(sizes: [2, 1, 1]).collect(),
      [[0, 1], [2], [3], [4, 5], [6], [7]])
    XCTAssertEqual(
      try Datasets.range(0..<6).batch(size: 2).rebatch(sizes: [3, 0]).collect(),
      [[0, 1, 2], [], [3, 4, 5], []])
    XCTAssertEqual(
      try Datasets.range(0..<5).batch(size: 2).rebatch(sizes: [3, 0]).collect(),
      [[0, 1, 2], [], [3, 4]])
    XCTAssertEqual(
      try Datasets.from([[0], [], [1, 2, 3], []]).rebatch(size: 2).collect(), [[0, 1], [2, 3]])
    XCTAssertEqual(
      try Datasets.range(0..<7).batch(size: 4).rebatch(sizes: [5, 1], dropRemainder: true)
        .collect(), [[0, 1, 2, 3, 4], [5]])
  }

  func testCardinality() {
    XCTAssertEqual(Datasets.range(0..<7).batch(size: 4).rebatch(size: 3).cardinality, .unknown)
    XCTAssertEqual(Datasets.counter().batch(size: 4).rebatch(size: 3).cardinality, .infinite)
  }

  func testFeatureBatches() throws {
    let batches = try (0..<3).map { k in
      try FeatureBatch([("x", .int64((0..<3).map { Int64(3 * k + $0) }))])
    }
    let out = try Datasets.from(batches).rebatch(size: 2).collect()
    XCTAssertEqual(out.map(\.rowCount), [2, 2, 2, 2, 1])
    XCTAssertEqual(try out.flatMap { try $0.int64("x") }, (0..<9).map { Int64($0) })
    try assertExactResume(Datasets.from(batches).rebatch(sizes: [4, 1]))
  }

  func testSchemaMismatchNamesTheBatch() throws {
    let batches = [
      try FeatureBatch([("x", .int64([1]))]), try FeatureBatch([("y", .int64([2]))]),
    ]
    assertPipelineError(try Datasets.from(batches).rebatch(size: 2).collect()) {
      if case .stage("rebatch", elementIndex: 0, _) = $0 { return true } else { return false }
    }
  }

  func testInvalidArguments() {
    let upstream = Datasets.range(0..<4).batch(size: 2)
    for ds in [
      upstream.rebatch(size: 0), upstream.rebatch(sizes: []), upstream.rebatch(sizes: [0, 0]),
      upstream.rebatch(sizes: [2, -1]),
    ] {
      assertPipelineError(try ds.collect()) {
        if case .invalidArgument(stage: "rebatch", _) = $0 { return true } else { return false }
      }
    }
  }

  func testExactResumeAtEveryPosition() throws {
    try assertExactResume(Datasets.range(0..<13).batch(size: 4).rebatch(size: 3))
    try assertExactResume(Datasets.range(0..<10).batch(size: 2).rebatch(sizes: [3, 0, 2]))
    try assertExactResume(
      Datasets.range(0..<9).batch(size: 3).rebatch(size: 2, dropRemainder: true))
    let shuffled = Datasets.range(0..<40).shuffle(bufferSize: 7, seed: 3)
    try assertExactResume(shuffled.batch(size: 5).rebatch(sizes: [3, 7, 1]))
    try assertExactResume(
      shuffled.filter { $0 % 3 != 0 }.batch(size: 4).rebatch(size: 6), epoch: 1)
  }
}
