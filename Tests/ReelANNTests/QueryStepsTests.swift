import CReelKernels
import XCTest

@testable import ReelANN

/// The C steps of a query around the code scan: leaf choice, the buffer's first threshold
/// and exact re-scoring.
final class QueryStepsTests: XCTestCase {
  func testTopIndicesAreTheLargestBestFirstWithTiesByIndex() {
    var random = ANNRandom(seed: 2)
    var scores = (0..<300).map { _ in Float(Int(random.next() % 40)) }
    scores[17] = .nan
    scores[250] = .nan
    for m in [1, 3, 40, 298, 300] {
      var out = [Int32](repeating: -1, count: m)
      reel_top_indices(scores, scores.count, m, &out)
      let expected = scores.indices.sorted { a, b in
        let (x, y) = (scores[a], scores[b])
        if x.isNaN != y.isNaN { return y.isNaN }
        return x > y || (x == y && a < b) || (x.isNaN && y.isNaN && a < b)
      }.prefix(m).map { Int32($0) }
      XCTAssertEqual(out, Array(expected), "m \(m)")
    }
  }

  func testSeedThresholdIsReachedByEnoughSumsAndIsTight() {
    var random = ANNRandom(seed: 6)
    for (count, capacity, excluded, spread) in [
      (1000, 30, 0, 8000), (97, 10, 3, 300), (64, 64, 0, 50), (10, 20, 0, 100),
    ] {
      let sums = (0..<count).map { _ in UInt16(random.next() % UInt64(spread)) }
      let buffer = CandidateBuffer(capacity: capacity)
      let (base, scale): (Float, Float) = (-2, 0.01)
      reel_lut16_seed_threshold(sums, count, base, scale, excluded, buffer.state)
      let rank = capacity + excluded
      let label = "count \(count), rank \(rank)"
      guard count >= rank else {
        XCTAssertEqual(buffer.threshold, -.infinity, label)
        continue
      }
      let reaching = sums.filter { base + scale * Float($0) >= buffer.threshold }.count
      XCTAssertGreaterThanOrEqual(reaching, rank, label)
      let kth = sums.sorted(by: >)[rank - 1]
      let most = Int(sums.max()!)
      var width = 1
      while most / width > 255 { width *= 2 }
      XCTAssertGreaterThan(buffer.threshold, base + scale * (Float(kth) - Float(width)), label)
    }
  }

  func testRescoreTopRanksExactScoresAndPads() {
    let d = 12
    var random = ANNRandom(seed: 4)
    let vectors = (0..<(50 * d)).map { _ in Float(Int(random.next() % 5)) - 2 }
    let query = (0..<d).map { _ in Float(Int(random.next() % 3)) - 1 }
    // Slot s holds row 100 + (s * 7) % 50, so ties are broken by row, not slot.
    let slotRows = (0..<50).map { Int32(100 + ($0 * 7) % 50) }
    for (slots, k) in [([Int32](0..<50).reversed(), 10), ([3, 9, 4], 5), ([], 2)] {
      var work = Array(slots)
      var scratchScores = [Float](repeating: 0, count: slots.count)
      var scratchRows = [Int32](repeating: 0, count: slots.count)
      var scores = [Float](repeating: 0, count: k)
      var rows = [Int32](repeating: 0, count: k)
      reel_rescore_top(
        query, d, vectors, &work, slots.count, slotRows, k, &scratchScores, &scratchRows,
        &scores, &rows)
      let exact = slots.map { slot -> (Float, Int32) in
        let s = (0..<d).reduce(Float(0)) { $0 + query[$1] * vectors[Int(slot) * d + $1] }
        return (s, slotRows[Int(slot)])
      }.sorted { $0.0 > $1.0 || ($0.0 == $1.0 && $0.1 < $1.1) }
      for i in 0..<k {
        if i < exact.count {
          XCTAssertEqual(scores[i], exact[i].0)
          XCTAssertEqual(rows[i], exact[i].1)
        } else {
          XCTAssertEqual(scores[i], -.infinity)
          XCTAssertEqual(rows[i], -1)
        }
      }
    }
  }
}
