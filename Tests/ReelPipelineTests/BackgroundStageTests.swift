import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

final class BackgroundStageTests: XCTestCase {
  override func tearDown() {
    XCTAssertTrue(
      PipelineDiagnostics.waitForBackgroundWork(), "background work still running after the test")
  }

  func testPrefetchPreservesOrderAndCardinality() throws {
    for size in [1, 2, 7, 1000] {
      let ds = Datasets.range(0..<2000).prefetch(size)
      XCTAssertEqual(try ds.collect(), Array(0..<2000))
      XCTAssertEqual(ds.cardinality, .finite(2000))
    }
    XCTAssertEqual(try Datasets.range(0..<0).prefetch(4).collect(), [])
  }

  func testParallelMapIsOrderedByDefault() throws {
    let ds = Datasets.range(0..<5000).map(parallelism: 4, chunkSize: 7) { $0 * 2 }
    XCTAssertEqual(try ds.collect(), (0..<5000).map { $0 * 2 })
    XCTAssertEqual(ds.cardinality, .finite(5000))
  }

  func testNonDeterministicParallelMapDeliversEverythingOnce() throws {
    let ds = Datasets.range(0..<5000).map(parallelism: 3, deterministic: false, chunkSize: 5) {
      x -> Int in
      if x % 97 == 0 { usleep(200) }
      return x
    }
    XCTAssertEqual(try ds.collect().sorted(), Array(0..<5000))
    var iterator = ds.makeIterator()
    _ = try iterator.next()
    XCTAssertThrowsError(try iterator.checkpoint())
  }

  func testErrorsInsideWorkersReachTheConsumerWithIndex() throws {
    let ds = Datasets.range(0..<1000).map(parallelism: 2, chunkSize: 8) { x -> Int in
      if x == 500 { throw TestFailure("500") }
      return x
    }
    var iterator = ds.makeIterator()
    var seen: [Int] = []
    do {
      while let x = try iterator.next() { seen.append(x) }
      XCTFail("expected the error")
    } catch PipelineError.stage("map", elementIndex: 500, let underlying) {
      XCTAssertEqual(underlying as? TestFailure, TestFailure("500"))
    }
    XCTAssertEqual(seen, Array(0..<500), "every element before the failing one arrives first")
    XCTAssertNil(try iterator.next(), "the pass ends after an error")
  }

  func testUpstreamErrorsCrossPrefetch() {
    let ds = Datasets.range(0..<100).map { x -> Int in
      if x == 42 { throw TestFailure("x") }
      return x
    }.prefetch(8)
    assertPipelineError(try ds.collect()) {
      if case .stage("map", elementIndex: 42, _) = $0 { return true } else { return false }
    }
  }

  func testEarlyStopStopsBackgroundWork() throws {
    for round in 0..<200 {
      let ds = Datasets.counter().map(parallelism: 2, chunkSize: 3) { $0 + 1 }.prefetch(4)
        .batch(size: 5).prefetch(2)
      var iterator = ds.makeIterator()
      for _ in 0..<(round % 5) { _ = try iterator.next() }
    }
    XCTAssertTrue(PipelineDiagnostics.waitForBackgroundWork(timeout: 10))
  }

  func testFailingUpstreamsDoNotLeakOrDeadlock() throws {
    for round in 0..<100 {
      let ds = Datasets.range(0..<1000).map { x -> Int in
        if x == round { throw TestFailure("r") }
        return x
      }.map(parallelism: 2, chunkSize: 4) { $0 }.prefetch(3)
      XCTAssertThrowsError(try ds.collect())
    }
    XCTAssertTrue(PipelineDiagnostics.waitForBackgroundWork(timeout: 10))
  }

  func testResumeThroughPrefetchAndParallelMap() throws {
    let ds = Datasets.range(0..<300).map(parallelism: 2, chunkSize: 16) { $0 * 5 }
      .filter { $0 % 3 != 0 }.shuffle(bufferSize: 20, seed: 9).batch(size: 7).prefetch(3)
    try assertExactResume(ds, epoch: 1)
  }

  func testInvalidArguments() {
    assertPipelineError(try Datasets.range(0..<3).prefetch(0).collect()) {
      if case .invalidArgument(stage: "prefetch", _) = $0 { return true } else { return false }
    }
    assertPipelineError(try Datasets.range(0..<3).map(parallelism: 0) { $0 }.collect()) {
      if case .invalidArgument(stage: "map", _) = $0 { return true } else { return false }
    }
  }

  func testParallelMapRunsConcurrently() throws {
    let active = ActiveCounter()
    let ds = Datasets.range(0..<64).map(parallelism: 2, chunkSize: 1) { x -> Int in
      active.enter()
      usleep(2000)
      active.leave()
      return x
    }
    XCTAssertEqual(try ds.collect(), Array(0..<64))
    XCTAssertEqual(active.maximum, 2)
  }
}

/// Tracks the maximum number of concurrent callers.
final class ActiveCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var current = 0
  private(set) var maximum = 0
  func enter() {
    lock.lock()
    current += 1
    maximum = max(maximum, current)
    lock.unlock()
  }
  func leave() {
    lock.lock()
    current -= 1
    lock.unlock()
  }
}
