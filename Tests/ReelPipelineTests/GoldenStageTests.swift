import ReelPipeline
import ReelTestSupport
import XCTest

/// Reel against tf.data's real outputs (Fixtures/golden/pipeline.json, written by
/// scripts/golden/pipeline_golden.py with TensorFlow): elements and cardinality.
final class GoldenStageTests: XCTestCase {
  func check<D: Dataset>(
    _ golden: GoldenCase, _ dataset: D, file: StaticString = #filePath, line: UInt = #line
  ) throws where D.Element == Int {
    let expected = try XCTUnwrap(golden.output.intArray, golden.name, file: file, line: line)
    XCTAssertEqual(try dataset.collect(), expected, golden.name, file: file, line: line)
    // tf.data reports take(n).cardinality() as n for any negative n other than -1 (for example
    // -5): a quirk, since the pass takes everything. Reel reports the input's cardinality.
    let quirk = golden.op == "take" && (golden.int("count") ?? 0) < -1
    if let cardinality = golden.cardinality, !quirk {
      XCTAssertEqual(
        dataset.cardinality.tfDataValue, cardinality, "cardinality of \(golden.name)", file: file,
        line: line)
    }
  }

  func cases(_ op: String) throws -> [GoldenCase] {
    let found = try Golden.cases("pipeline.json", op: op)
    XCTAssertFalse(found.isEmpty, "no golden cases for \(op)")
    return found
  }

  func input(_ golden: GoldenCase) throws -> ArrayDataset<Int> {
    Datasets.from(try XCTUnwrap(golden.input.intArray, golden.name))
  }

  func testFilter() throws {
    for g in try cases("filter") {
      let mod = g.int("mod")!
      let rem = g.int("rem")!
      // tf.data's % is Python's floor modulo.
      try check(g, try input(g).filter { (($0 % mod) + mod) % mod == rem })
    }
  }

  func testTakeSkipTakeWhile() throws {
    for g in try cases("take") { try check(g, try input(g).take(g.int("count")!)) }
    for g in try cases("skip") { try check(g, try input(g).skip(g.int("count")!)) }
    for g in try cases("take_while") {
      let limit = g.int("limit")!
      try check(g, try input(g).takeWhile { $0 < limit })
    }
  }

  func testRepeat() throws {
    for g in try cases("repeat") { try check(g, try input(g).repeat(g.int("count")!)) }
  }

  func testEnumerate() throws {
    for g in try cases("enumerate") {
      let ds = try input(g).enumerate(start: g.int("start")!)
      XCTAssertEqual(try ds.collect().map { [$0.index, $0.element] }, g.output.intArrays, g.name)
      XCTAssertEqual(ds.cardinality.tfDataValue, g.cardinality, g.name)
    }
  }

  func testScanUniqueShard() throws {
    for g in try cases("scan") {
      try check(g, try input(g).scan(g.int("initial")!) { s, x in (s + x, s + x) })
    }
    for g in try cases("unique") { try check(g, try input(g).unique()) }
    for g in try cases("shard") {
      try check(g, try input(g).shard(count: g.int("num_shards")!, index: g.int("index")!))
    }
  }

  func testZipConcatenate() throws {
    for g in try cases("zip") {
      let ds = try input(g).zip(Datasets.from(g.ints("other")!))
      XCTAssertEqual(try ds.collect().map { [$0.0, $0.1] }, g.output.intArrays, g.name)
      XCTAssertEqual(ds.cardinality.tfDataValue, g.cardinality, g.name)
    }
    for g in try cases("concatenate") {
      try check(g, try input(g).concatenate(Datasets.from(g.ints("other")!)))
    }
  }

  /// The inner dataset the golden script uses: range(x*100, x*100 + x%4 + 1).
  static func inner(_ x: Int) -> RangeDataset { Datasets.range(x * 100..<(x * 100 + x % 4 + 1)) }

  func testInterleaveAndFlatMap() throws {
    for g in try cases("interleave") {
      let cycle = g.int("cycle_length")!
      let block = g.int("block_length")!
      try check(g, try input(g).interleave(cycleLength: cycle, blockLength: block, Self.inner))
      try check(
        g,
        try input(g).interleave(
          cycleLength: cycle, blockLength: block, parallel: true, parallelBufferSize: 2, Self.inner)
      )
    }
    for g in try cases("flat_map") { try check(g, try input(g).flatMap(Self.inner)) }
  }

  func testChooseFromDatasets() throws {
    for g in try cases("choose_from_datasets") {
      let sources = g.intLists("sources")!.map { Datasets.from($0).eraseToAnyDataset() }
      let ds = Datasets.choose(
        from: sources, choices: Datasets.from(g.ints("choices")!),
        stopOnEmptyDataset: g.bool("stop_on_empty_dataset"))
      XCTAssertEqual(try ds.collect(), g.output.intArray, g.name)
    }
  }
}
