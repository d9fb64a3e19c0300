import ReelPipeline
import XCTest

@testable import ReelTensor

final class SparseRowGradientTests: XCTestCase {
  /// Small tables are bucketed by id, large ones sorted: both give the same coalesced rows.
  func testBucketedAndSortedCoalescingAgree() {
    var rng = SplitMix64(seed: 8)
    let ids = (0..<500).map { _ in Int32.random(in: 0..<40, using: &rng) }
    let rows = randomTensor([500, 3], &rng)
    let small = SparseRowGradient(indices: ids, rows: rows, denseShape: [40, 3]).coalesced()
    let large = SparseRowGradient(indices: ids, rows: rows, denseShape: [1_000_000, 3]).coalesced()
    XCTAssertEqual(small.indices, Array(Set(ids)).sorted())
    XCTAssertEqual(small.indices, large.indices)
    XCTAssertEqual(small.rows, large.rows)
    XCTAssertEqual(
      SparseRowGradient(indices: ids, rows: rows, denseShape: [40, 3]).densified(),
      small.densified())
    let example = SparseRowGradient(
      indices: [3, 1, 3], rows: Tensor(rows: [[1], [2], [4]]), denseShape: [5, 1]
    ).coalesced()
    XCTAssertEqual(example.indices, [1, 3])
    XCTAssertEqual(example.rows.scalars, [2, 5])
  }
}
