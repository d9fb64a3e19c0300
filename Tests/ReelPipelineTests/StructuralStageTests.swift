import ReelPipeline
import ReelTestSupport
import XCTest

final class StructuralStageTests: XCTestCase {
  override func tearDown() {
    XCTAssertTrue(
      PipelineDiagnostics.waitForBackgroundWork(), "background work still running after the test")
  }

  func testRepeatReshufflesEachRepetitionAndResumes() throws {
    let ds = Datasets.range(0..<5).shuffle(bufferSize: 5, seed: 4).repeat(3)
    let all = try ds.collect()
    XCTAssertEqual(all.count, 15)
    let reps = stride(from: 0, to: 15, by: 5).map { Array(all[$0..<$0 + 5]) }
    for r in reps { XCTAssertEqual(r.sorted(), Array(0..<5), "repetition boundaries are kept") }
    XCTAssertEqual(
      reps[0], try Datasets.range(0..<5).shuffle(bufferSize: 5, seed: 4).collect(epoch: 0))
    XCTAssertEqual(
      reps[1], try Datasets.range(0..<5).shuffle(bufferSize: 5, seed: 4).collect(epoch: 1))
    XCTAssertEqual(ds.cardinality, .finite(15))
    XCTAssertEqual(Datasets.range(0..<5).repeat().cardinality, .infinite)
    XCTAssertEqual(Datasets.range(0..<0).repeat().cardinality, .finite(0))
    XCTAssertEqual(try Datasets.range(0..<0).repeat().collect(), [], "an empty pass does not spin")
    XCTAssertEqual(try Datasets.range(0..<3).repeat().take(7).collect(), [0, 1, 2, 0, 1, 2, 0])
    try assertExactResume(ds)
    try assertExactResume(ds, epoch: 2, positions: [0, 4, 5, 6, 14, 15])
  }

  func testTakeWhileCompactMapEnumerateScan() throws {
    XCTAssertEqual(try Datasets.range(0..<10).takeWhile { $0 < 4 }.collect(), [0, 1, 2, 3])
    try assertExactResume(Datasets.range(0..<10).takeWhile { $0 < 4 })
    let parsed = Datasets.from(["1", "x", "3", "", "5"]).compactMap { Int($0) }
    XCTAssertEqual(try parsed.collect(), [1, 3, 5])
    try assertExactResume(parsed)
    let numbered = try Datasets.from(["a", "b"]).enumerate(start: 5).collect()
    XCTAssertEqual(numbered.map(\.index), [5, 6])
    XCTAssertEqual(numbered.map(\.element), ["a", "b"])
    let sums = Datasets.range(1..<6).scan(0) { s, x in (s + x, s * 100 + x) }
    XCTAssertEqual(try sums.collect(), [1, 102, 303, 604, 1005])
    try assertExactResume(sums)
  }

  func testShardPartitionsTheInput() throws {
    let parts = try (0..<3).map { try Datasets.range(0..<10).shard(count: 3, index: $0).collect() }
    XCTAssertEqual(parts, [[0, 3, 6, 9], [1, 4, 7], [2, 5, 8]])
    XCTAssertEqual(Datasets.range(0..<10).shard(count: 3, index: 1).cardinality, .finite(3))
    try assertExactResume(Datasets.range(0..<20).filter { $0 % 7 != 0 }.shard(count: 4, index: 2))
    assertPipelineError(try Datasets.range(0..<3).shard(count: 2, index: 2).collect()) {
      if case .invalidArgument(stage: "shard", _) = $0 { return true } else { return false }
    }
    assertPipelineError(try Datasets.range(0..<3).shard(count: 0, index: 0).collect()) {
      if case .invalidArgument(stage: "shard", _) = $0 { return true } else { return false }
    }
  }

  func testZipAndConcatenateResume() throws {
    let zipped = Datasets.range(0..<5).zip(Datasets.range(10..<13))
    XCTAssertEqual(try zipped.collect().map { $0.0 * 100 + $0.1 }, [10, 111, 212])
    try assertExactResume(Datasets.range(0..<5).zip(Datasets.range(10..<13)).map { $0.0 + $0.1 })
    let both = Datasets.range(0..<3).concatenate(
      Datasets.range(7..<9).shuffle(bufferSize: 2, seed: 1))
    XCTAssertEqual(try both.collect().prefix(3), [0, 1, 2])
    try assertExactResume(both)
    XCTAssertEqual(both.cardinality, .finite(5))
  }

  func testInterleaveFollowsTheCycleAndResumes() throws {
    let ds = Datasets.range(1..<4).interleave(cycleLength: 2, blockLength: 2) { x in
      Datasets.from(Array(repeating: x, count: x))
    }
    XCTAssertEqual(try ds.collect(), [1, 2, 2, 3, 3, 3])
    let files = Datasets.range(0..<6).interleave(cycleLength: 3, blockLength: 2) { x in
      Datasets.range(x * 10..<(x * 10 + x % 3 + 2)).shuffle(bufferSize: 2, seed: UInt64(x))
    }
    try assertExactResume(files)
    let parallel = Datasets.range(0..<6).interleave(
      cycleLength: 3, blockLength: 2, parallel: true, parallelBufferSize: 3
    ) { x in
      Datasets.range(x * 10..<(x * 10 + x % 3 + 2)).shuffle(bufferSize: 2, seed: UInt64(x))
    }
    XCTAssertEqual(
      try parallel.collect(), try files.collect(), "parallel interleave keeps the order")
    try assertExactResume(parallel)
    XCTAssertEqual(
      try Datasets.range(1..<4).flatMap { Datasets.range(0..<$0) }.collect(), [0, 0, 1, 0, 1, 2])
  }

  func testInterleaveErrorsAndEarlyStop() throws {
    let failing = Datasets.range(0..<5).interleave(cycleLength: 2) { x -> RangeDataset in
      if x == 3 { throw TestFailure("three") }
      return Datasets.range(0..<2)
    }
    assertPipelineError(try failing.collect()) {
      if case .stage("interleave", elementIndex: 3, _) = $0 { return true } else { return false }
    }
    for k in 0..<30 {
      let ds = Datasets.counter().interleave(cycleLength: 4, parallel: true, parallelBufferSize: 8)
      { _ in Datasets.counter() }
      var it = ds.makeIterator()
      for _ in 0..<k { _ = try it.next() }
    }
    XCTAssertTrue(PipelineDiagnostics.waitForBackgroundWork(timeout: 10))
    assertPipelineError(
      try Datasets.range(0..<3).interleave(cycleLength: 0) { _ in Datasets.range(0..<1) }.collect()
    ) {
      if case .invalidArgument(stage: "interleave", _) = $0 { return true } else { return false }
    }
  }

  func testUniqueResumesByReplay() throws {
    let ds = Datasets.from([3, 1, 3, 2, 1, 4, 2, 5]).unique()
    XCTAssertEqual(try ds.collect(), [3, 1, 2, 4, 5])
    try assertExactResume(ds)
  }

  func testCacheServesTheFirstPassAndFreezesRandomness() throws {
    var calls = 0
    let ds = Datasets.range(0..<6).map { x -> Int in
      calls += 1
      return x
    }.shuffle(bufferSize: 6, seed: 2).cache()
    let first = try ds.collect(epoch: 0)
    XCTAssertEqual(calls, 6)
    XCTAssertEqual(try ds.collect(epoch: 1), first, "later passes replay the cached first pass")
    XCTAssertEqual(calls, 6, "upstream not recomputed")
    try assertExactResume(ds, epoch: 3)
  }

  func testPartialPassLeavesNoCache() throws {
    let ds = Datasets.range(0..<5).shuffle(bufferSize: 5, seed: 9).cache()
    var it = ds.makeIterator(epoch: 0)
    _ = try it.next()
    XCTAssertEqual(
      try ds.collect(epoch: 1),
      try Datasets.range(0..<5).shuffle(bufferSize: 5, seed: 9).collect(epoch: 1),
      "the first complete pass (epoch 1) fills the cache")
    XCTAssertEqual(try ds.collect(epoch: 0), try ds.collect(epoch: 1))
  }

  func testResumeInANewProcessRecomputesTheCachedPass() throws {
    let make = { Datasets.range(0..<8).shuffle(bufferSize: 8, seed: 5).cache() }
    let ds = make()
    let filled = try ds.collect(epoch: 2)
    var it = ds.makeIterator(epoch: 7)
    for _ in 0..<3 { _ = try it.next() }
    let saved = try it.saveState()
    var restored = try make().makeIterator(restoringFrom: saved)  // an empty cache, as in a new process
    var rest: [Int] = []
    while let x = try restored.next() { rest.append(x) }
    XCTAssertEqual(rest, Array(filled[3...]))
  }
}
