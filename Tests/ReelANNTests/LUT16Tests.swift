import XCTest

@testable import ReelANN

/// The AVX2 and portable scans agree, and both equal a direct sum of table entries.
final class LUT16Tests: XCTestCase {
  func testScansAgreeWithADirectSum() {
    var random = ANNRandom(seed: 4)
    for blocks in [2, 4, 18, 64] {
      let groups = 3
      let rows = groups * 32
      let codes = (0..<(rows * blocks)).map { _ in UInt8(random.next() % 16) }
      let slotRows = (0..<rows).map { Int32($0) }
      let packed = LUT16.pack(codes: codes, blocks: blocks, slotRows: slotRows)
      let table = (0..<(blocks * 16)).map { _ in UInt8(random.next() % 256) }
      var expected = [UInt16](repeating: 0, count: rows)
      for r in 0..<rows {
        var sum = 0
        for b in 0..<blocks { sum += Int(table[b * 16 + Int(codes[r * blocks + b])]) }
        expected[r] = UInt16(truncatingIfNeeded: sum)
      }
      for avx2 in LUT16.usesAVX2 ? [false, true] : [false] {
        var out = [UInt16](repeating: 0, count: rows)
        packed.withUnsafeBufferPointer { c in
          table.withUnsafeBufferPointer { t in
            out.withUnsafeMutableBufferPointer { o in
              LUT16.scan(
                codes: c.baseAddress!, groups: groups, blocks: blocks, table: t.baseAddress!,
                out: o.baseAddress!, avx2: avx2)
            }
          }
        }
        XCTAssertEqual(out, expected, "blocks \(blocks), avx2 \(avx2)")
      }
    }
  }

  /// The quantized table reproduces the float table up to half a step per block.
  func testQuantizedTableApproximatesTheFloatOne() {
    var random = ANNRandom(seed: 8)
    let blocks = 8
    let codebook = (0..<(blocks * 32)).map { _ in Float(random.unit() * 2 - 1) }
    let quantizer = ProductQuantizer(blocks: blocks, codebook: codebook)
    let query = (0..<(2 * blocks)).map { _ in Float(random.unit() * 4 - 2) }
    var table = LUT16.Table(blocks: blocks)
    query.withUnsafeBufferPointer { table.fill(query: $0.baseAddress!, quantizer: quantizer) }
    for _ in 0..<20 {
      let code = (0..<blocks).map { _ in Int(random.next() % 16) }
      var exact: Float = 0
      var sum = 0
      for b in 0..<blocks {
        exact +=
          query[2 * b] * codebook[b * 32 + 2 * code[b]] + query[2 * b + 1]
          * codebook[b * 32 + 2 * code[b] + 1]
        sum += Int(table.bytes[b * 16 + code[b]])
      }
      let approx = table.bias + table.scale * Float(sum)
      XCTAssertEqual(approx, exact, accuracy: table.scale * Float(blocks) / 2 + 1e-4)
    }
  }
}

/// The candidate buffer keeps exactly the best `capacity` scores, earlier ones among ties.
final class CandidateBufferTests: XCTestCase {
  func testKeepsTheBestScores() {
    var random = ANNRandom(seed: 12)
    for capacity in [1, 3, 10, 50] {
      let buffer = CandidateBuffer(capacity: capacity)
      // Coarse scores so that there are many ties.
      let scores = (0..<500).map { _ in Float(random.next() % 40) }
      for (i, s) in scores.enumerated() where buffer.admits(s) { buffer.append(s, slot: Int32(i)) }
      buffer.finish()
      let expected = scores.indices.sorted {
        scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1)
      }
      .prefix(capacity).map { Int32($0) }
      XCTAssertEqual(Array(buffer.slots).sorted(), expected.sorted(), "capacity \(capacity)")
    }
  }

  func testSelectFindsTheRankedValue() {
    var random = ANNRandom(seed: 2)
    for n in [1, 2, 7, 100] {
      let values = (0..<n).map { _ in Float(random.next() % 13) }
      for rank in [0, n / 2, n - 1] {
        var copy = values
        let got = copy.withUnsafeMutableBufferPointer {
          CandidateBuffer.select($0.baseAddress!, count: n, rank: rank)
        }
        XCTAssertEqual(got, values.sorted(by: >)[rank], "n \(n) rank \(rank)")
      }
    }
  }
}
