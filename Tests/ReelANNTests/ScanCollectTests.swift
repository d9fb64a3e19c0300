import CReelKernels
import XCTest

@testable import ReelANN

/// The C scan-and-collect step (`reel_lut16_scan_collect`) keeps the same candidates as
/// scanning the sums and offering every slot to the buffer one by one, on both scan paths.
final class ScanCollectTests: XCTestCase {
  func testCollectMatchesOfferingEverySlot() {
    var random = ANNRandom(seed: 21)
    for (blocks, groups, valid, capacity) in [(4, 3, 90, 5), (32, 5, 160, 20), (18, 2, 33, 1)] {
      let rows = groups * 32
      let codes = (0..<(rows * blocks)).map { _ in UInt8(random.next() % 16) }
      // Slot s holds row 1000 - s (a permutation, so exclusions go through slotRows).
      let slotRows = (0..<rows).map { Int32(1000 - $0) }
      let packed = LUT16.pack(codes: codes, blocks: blocks, slotRows: (0..<rows).map { Int32($0) })
      // Few distinct table values: many equal sums, so ties at the threshold matter.
      let table = (0..<(blocks * 16)).map { _ in UInt8(random.next() % 4) * 20 }
      let excluded = [Int32(1000 - 3), 1000 - 7, 1000 - 40].sorted()
      let (base, scale): (Float, Float) = (-3.25, 0.0625)
      var sums = [UInt16](repeating: 0, count: rows)
      packed.withUnsafeBufferPointer { c in
        table.withUnsafeBufferPointer { t in
          sums.withUnsafeMutableBufferPointer { o in
            LUT16.scan(
              codes: c.baseAddress!, groups: groups, blocks: blocks, table: t.baseAddress!,
              out: o.baseAddress!, avx2: false)
          }
        }
      }
      let reference = CandidateBuffer(capacity: capacity)
      for t in 0..<valid {
        let approx = base + scale * Float(sums[t])
        guard reference.admits(approx), !excluded.contains(slotRows[t]) else { continue }
        reference.append(approx, slot: Int32(t))
      }
      reference.finish()
      for avx2 in LUT16.usesAVX2 ? [false, true] : [false] {
        let buffer = CandidateBuffer(capacity: capacity)
        packed.withUnsafeBufferPointer { c in
          table.withUnsafeBufferPointer { t in
            reel_lut16_scan_collect(
              c.baseAddress!, groups, blocks, t.baseAddress!, valid, base, scale, 0, slotRows,
              excluded, excluded.count, buffer.state, avx2 ? 1 : 0)
          }
        }
        buffer.finish()
        let label = "blocks \(blocks), capacity \(capacity), avx2 \(avx2)"
        XCTAssertEqual(Array(buffer.slots).sorted(), Array(reference.slots).sorted(), label)
        XCTAssertEqual(buffer.threshold, reference.threshold, label)
      }
    }
  }

  /// The whole query gives identical results with the AVX2 and the portable scan.
  func testPortableAndAVX2QueriesAgree() throws {
    guard LUT16.usesAVX2 else { return }
    let data = ClusteredVectors(
      count: 3_000, queries: 40, dimension: 16, centres: 30, noise: 0.5, seed: 5)
    let index = try ScaNNIndex(
      candidates: data.items,
      configuration: .init(
        leaves: 30, leavesToSearch: 4, reorder: 20, trainingSampleSize: 1_000,
        quantizerIterations: 2, seed: 1))
    let exclusions = (0..<40).map { [Int64($0), Int64($0 * 7 + 1), 99_999] }
    let fast = try index.query(data.queries, k: 10, exclusions: exclusions, avx2: true)
    let portable = try index.query(data.queries, k: 10, exclusions: exclusions, avx2: false)
    XCTAssertEqual(fast.rows, portable.rows)
    XCTAssertEqual(fast.scores.scalars, portable.scores.scalars)
  }
}
