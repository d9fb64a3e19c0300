import ReelPipeline
import ReelTestSupport
import XCTest

/// Batching stages against tf.data 2.21's real outputs (`Fixtures/golden/pipeline.json`, written
/// by `scripts/golden/pipeline_golden.py`). Every case of every op is checked: output and
/// cardinality. A case whose shape the test does not understand fails.
final class GoldenBatchingTests: XCTestCase {
  private func cases(_ op: String, file: StaticString = #filePath, line: UInt = #line) throws
    -> [GoldenCase]
  {
    let cases = try Golden.cases("pipeline.json", op: op)
    XCTAssertFalse(cases.isEmpty, "no golden cases for \(op)", file: file, line: line)
    return cases
  }

  private func require<T>(_ value: T?, _ what: String, _ c: GoldenCase) throws -> T {
    guard let value else { throw TestFailure("\(c.name): cannot read \(what)") }
    return value
  }

  private func cardinality(_ c: GoldenCase) throws -> Cardinality {
    switch try require(c.cardinality, "cardinality", c) {
    case -1: return .infinite
    case -2: return .unknown
    case let n: return .finite(n)
    }
  }

  func testBatch() throws {
    for c in try cases("batch") {
      let input = try require(c.input.intArray, "input", c)
      let expected = try require(c.output.intArrays, "output", c)
      let ds = Datasets.from(input).batch(
        size: try require(c.int("batch_size"), "batch_size", c),
        dropRemainder: c.bool("drop_remainder"))
      XCTAssertEqual(try ds.collect(), expected, c.name)
      XCTAssertEqual(ds.cardinality, try cardinality(c), c.name)
    }
  }

  func testPaddedBatch() throws {
    for c in try cases("padded_batch") {
      let input = try require(c.input.intArrays, "input", c)
      let expected = try require(c.output.intMatrices, "output", c)
      let length: Int?
      switch c.params["padded_length"] {
      case .null?: length = nil
      case let value?: length = try require(value.intValue, "padded_length", c)
      case nil: throw TestFailure("\(c.name): no padded_length")
      }
      let ds = Datasets.from(input).paddedBatch(
        size: try require(c.int("batch_size"), "batch_size", c), paddedLength: length,
        paddingValue: try require(c.int("padding_value"), "padding_value", c),
        dropRemainder: c.bool("drop_remainder"))
      XCTAssertEqual(try ds.collect().map(\.rows), expected, c.name)
      XCTAssertEqual(ds.cardinality, try cardinality(c), c.name)
      try assertExactResume(ds)
    }
  }

  func testUnbatch() throws {
    for c in try cases("unbatch") {
      let input = try require(c.input.intArrays, "input", c)
      let expected = try require(c.output.intArray, "output", c)
      let ds = Datasets.from(input).unbatch()
      XCTAssertEqual(try ds.collect(), expected, c.name)
      // tf.data multiplies by the static row length (unknown when it is 0); Reel's arrays have
      // no static length, so Reel reports what tf.data reports for a dynamic row length.
      let rowLength = input.first?.count ?? 0
      let staticCount = input.isEmpty ? 0 : (rowLength > 0 ? input.count * rowLength : -2)
      XCTAssertEqual(c.cardinality, staticCount, "\(c.name): tf.data's static-shape count")
      XCTAssertEqual(ds.cardinality, .unknown, c.name)
      try assertExactResume(ds)
    }
  }

  func testRebatch() throws {
    for c in try cases("rebatch") {
      let input = try require(c.input.intArray, "input", c)
      let expected = try require(c.output.intArrays, "output", c)
      let upstream = Datasets.from(input).batch(
        size: try require(c.int("input_batch_size"), "input_batch_size", c))
      let drop = c.bool("drop_remainder")
      let ds: Rebatch<Batch<ArrayDataset<Int>>>
      if let size = c.int("batch_size") {
        ds = upstream.rebatch(size: size, dropRemainder: drop)
      } else {
        let sizes = try require(c.ints("batch_size"), "batch_size", c)
        ds = upstream.rebatch(sizes: sizes, dropRemainder: drop)
      }
      XCTAssertEqual(try ds.collect(), expected, c.name)
      XCTAssertEqual(ds.cardinality, try cardinality(c), c.name)
      try assertExactResume(ds)
    }
  }

  func testWindow() throws {
    for c in try cases("window") {
      let input = try require(c.input.intArray, "input", c)
      let expected = try require(c.output.intArrays, "output", c)
      let ds = Datasets.from(input).window(
        size: try require(c.int("size"), "size", c),
        shift: try require(c.int("shift"), "shift", c),
        stride: try require(c.int("stride"), "stride", c), dropRemainder: c.bool("drop_remainder"))
      XCTAssertEqual(try ds.collect(), expected, c.name)
      // The reference pipeline is window(...).flat_map(batch), whose cardinality is unknown by
      // nature; Reel's window is the window op itself, whose count tf.data knows.
      XCTAssertEqual(try cardinality(c), .unknown, c.name)
      XCTAssertEqual(ds.cardinality, .finite(expected.count), c.name)
      try assertExactResume(ds)
    }
  }

  /// tf.data's int64 `%`: floor modulo.
  private func floorMod(_ x: Int, _ n: Int) -> Int { ((x % n) + n) % n }

  func testGroupByWindow() throws {
    for c in try cases("group_by_window") {
      let input = try require(c.input.intArray, "input", c)
      let expected = try require(c.output.intArrays, "output", c)
      let keys = try require(c.int("num_keys"), "num_keys", c)
      let size = try require(c.int("window_size"), "window_size", c)
      let ds = Datasets.from(input)
        .groupByWindow(key: { self.floorMod($0, keys) }, windowSize: size) { _, window in window }
      XCTAssertEqual(try ds.collect(), expected, c.name)
      XCTAssertEqual(ds.cardinality, try cardinality(c), c.name)
      try assertExactResume(ds)
    }
  }

  func testBucketBySequenceLength() throws {
    for c in try cases("bucket_by_sequence_length") {
      let input = try require(c.input.intArrays, "input", c)
      let expected = try require(c.output.intMatrices, "output", c)
      let ds = Datasets.from(input).bucketBySequenceLength(
        boundaries: try require(c.ints("bucket_boundaries"), "bucket_boundaries", c),
        batchSizes: try require(c.ints("bucket_batch_sizes"), "bucket_batch_sizes", c),
        paddingValue: try require(c.int("padding_value"), "padding_value", c),
        padToBucketBoundary: c.bool("pad_to_bucket_boundary"),
        dropRemainder: c.bool("drop_remainder"))
      XCTAssertEqual(try ds.collect().map(\.rows), expected, c.name)
      XCTAssertEqual(ds.cardinality, try cardinality(c), c.name)
      try assertExactResume(ds)
    }
  }
}
