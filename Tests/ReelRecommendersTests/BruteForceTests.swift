import Foundation
import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

final class BruteForceTests: XCTestCase {
  /// The expected top k by sorting every score: descending, lower row first on ties, NaN
  /// last, excluded rows left out.
  private func reference(
    _ q: Tensor, _ c: Tensor, k: Int, excluded: [[Int32]]?
  ) -> (scores: [Float], rows: [Int32]) {
    let scores = matmul(q, c, transposeB: true)
    var outScores: [Float] = []
    var outRows: [Int32] = []
    for i in 0..<q.shape[0] {
      let row = scores.row(i).scalars
      let skip = Set(excluded?[i] ?? [])
      let order = (0..<row.count).filter { !skip.contains(Int32($0)) }.sorted { a, b in
        if row[a].isNaN != row[b].isNaN { return !row[a].isNaN }
        if row[a] != row[b] && !row[a].isNaN { return row[a] > row[b] }
        return a < b
      }
      for j in 0..<k {
        outScores.append(j < order.count ? row[order[j]] : -.infinity)
        outRows.append(j < order.count ? Int32(order[j]) : -1)
      }
    }
    return (outScores, outRows)
  }

  func testBlocksMatchAFullSortIncludingTiesNaNAndExclusions() {
    var rng = SplitMix64(seed: 11)
    // Small integers make many exact ties.
    let q = Tensor(
      shape: [13, 3], scalars: (0..<39).map { _ in Float(Int.random(in: -2...2, using: &rng)) })
    var c = Tensor(
      shape: [37, 3], scalars: (0..<111).map { _ in Float(Int.random(in: -2...2, using: &rng)) })
    c[5, 0] = .nan
    let excluded: [[Int32]] = (0..<13).map { i in
      i % 3 == 0 ? [] : [Int32(i), Int32(i), 20, 36].sorted()
    }
    for (cb, qb) in [(nil, nil), (1, 1), (4, 3), (10, 13), (37, 5), (100, 100)] as [(Int?, Int?)] {
      for k in [0, 1, 6, 34, 37] {
        for exclusions in [nil, excluded] {
          let got = BlockTopK.run(
            queries: q, candidates: c, k: k, excludedRows: exclusions, candidateBlock: cb,
            queryBlock: qb)
          let want = reference(q, c, k: k, excluded: exclusions)
          let label = "blocks \(String(describing: cb))×\(String(describing: qb)) k \(k)"
          XCTAssertEqual(got.rows, want.rows, label)
          let same = zip(got.scores.scalars, want.scores).allSatisfy {
            $0 == $1 || ($0.isNaN && $1.isNaN)
          }
          XCTAssertTrue(same, "scores, blocks \(String(describing: cb)) k \(k)")
        }
      }
    }
  }

  /// The fused path (scores filtered in registers) and the OpenBLAS one agree with a full
  /// sort, for blocks that are not multiples of the 16-wide panels or the 6-query tiles.
  func testFusedAndBlasPathsMatchAFullSort() {
    var rng = SplitMix64(seed: 17)
    let q = Tensor(
      shape: [41, 5], scalars: (0..<205).map { _ in Float(Int.random(in: -2...2, using: &rng)) })
    var c = Tensor(
      shape: [203, 5], scalars: (0..<1015).map { _ in Float(Int.random(in: -2...2, using: &rng)) })
    c[17, 2] = .nan
    let excluded: [[Int32]] = (0..<41).map { i in
      i % 4 == 0 ? [] : [Int32(i), Int32(i), 33, 202].sorted()
    }
    for (cb, qb) in [(nil, nil), (1, 7), (16, 41), (37, 20), (500, 1)] as [(Int?, Int?)] {
      for k in [1, 10, 25, 203] {
        for exclusions in [nil, excluded] {
          let want = reference(q, c, k: k, excluded: exclusions)
          for fused in BlockTopK.usesFusedKernel ? [false, true] : [false] {
            let got = BlockTopK.run(
              queries: q, candidates: c, k: k, excludedRows: exclusions, candidateBlock: cb,
              queryBlock: qb, fused: fused)
            let label = "blocks \(String(describing: cb))×\(String(describing: qb)) k \(k) fused \(fused)"
            XCTAssertEqual(got.rows, want.rows, label)
            let same = zip(got.scores.scalars, want.scores).allSatisfy {
              $0 == $1 || ($0.isNaN && $1.isNaN)
            }
            XCTAssertTrue(same, "scores, " + label)
          }
        }
      }
    }
  }

  func testLargeQueryUsesBothCoresAndMatchesReference() throws {
    var rng = SplitMix64(seed: 3)
    let q = randomTensor([100, 16], &rng)
    let c = randomTensor([1000, 16], &rng)
    let ids = (0..<1000).map { Int64($0 * 10) }
    let index = try BruteForce(candidates: c, ids: ids)
    let exclusions = (0..<100).map { i in [Int64(i * 10), 999_999, Int64((i + 7) * 10)] }
    let top = try index.query(q, k: 50, exclusions: exclusions)
    // ReelTensor's whole-matrix top-k, with the excluded scores pushed to -infinity.
    var scores = matmul(q, c, transposeB: true)
    for i in 0..<100 {
      scores[i, i] = -.infinity
      scores[i, i + 7] = -.infinity
    }
    let want = scores.topK(50)
    XCTAssertEqual(top.rows, want.indices)
    assertClose(top.scores, want.values, "scores", tolerance: 1e-5)
    XCTAssertEqual(top.ids, want.indices.map { Int64($0) * 10 })
    XCTAssertEqual(top.ids(ofQuery: 3).count, 50)
    XCTAssertFalse(top.ids(ofQuery: 3).contains(30))
  }

  func testExclusionsLeavingTooFewCandidatesPad() throws {
    let c = Tensor(rows: [[1], [2], [3]])
    let index = try BruteForce(candidates: c, ids: [7, 8, 7])
    let top = try index.query(Tensor(rows: [[1], [-1]]), k: 3, exclusions: [[7], []])
    XCTAssertEqual(top.ids, [8, TopKCandidates.paddingID, TopKCandidates.paddingID, 7, 8, 7])
    XCTAssertEqual(top.rows, [1, -1, -1, 0, 1, 2])
    XCTAssertEqual(top.scores.scalars, [2, -.infinity, -.infinity, -1, -2, -3])
    XCTAssertEqual(top.ids(ofQuery: 0), [8])
  }

  func testBadInputsThrowClearErrors() throws {
    XCTAssertThrowsError(try BruteForce(candidates: Tensor([1, 2]))) { error in
      XCTAssertEqual(
        "\(error)", "BruteForce: candidates must be [count, dimension], got shape [2]")
    }
    XCTAssertThrowsError(try BruteForce(candidates: Tensor(rows: [[1]]), ids: [1, 2])) {
      XCTAssertEqual("\($0)", "BruteForce: 2 ids for 1 candidates")
    }
    let index = try BruteForce(candidates: Tensor(rows: [[1, 0], [0, 1]]))
    XCTAssertThrowsError(try index.query(Tensor(rows: [[1, 0, 0]]), k: 1)) {
      XCTAssertEqual("\($0)", "BruteForce: queries must be [batch, 2], got shape [1, 3]")
    }
    XCTAssertThrowsError(try index.query(Tensor(rows: [[1, 0]]), k: 3)) {
      XCTAssertEqual("\($0)", "BruteForce: k = 3 is outside 0...2 (the candidate count)")
    }
    XCTAssertThrowsError(try index.query(Tensor(rows: [[1, 0]]), k: 1, exclusions: [])) {
      XCTAssertEqual("\($0)", "BruteForce: 0 exclusion lists for 1 queries")
    }
  }

  func testSaveAndLoadRoundTrip() throws {
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-bruteforce-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    var rng = SplitMix64(seed: 8)
    let candidates = randomTensor([40, 6], &rng)
    for ids in [nil, (0..<40).map { Int64($0) * -3 + Int64.max / 2 }] as [[Int64]?] {
      let url = directory.appendingPathComponent("index-\(ids == nil)")
      let index = try BruteForce(candidates: candidates, ids: ids)
      try index.save(to: url)
      let loaded = try BruteForce(contentsOf: url)
      XCTAssertEqual(loaded.candidates, candidates)
      XCTAssertEqual(loaded.ids, ids)
      let q = randomTensor([3, 6], &rng)
      XCTAssertEqual(try loaded.query(q, k: 5).ids, try index.query(q, k: 5).ids)
    }
  }

  func testCorruptFilesAreRejectedWithTheReason() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-bruteforce-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: url) }
    try BruteForce(candidates: Tensor(rows: [[1, 2], [3, 4]]), ids: [5, 6]).save(to: url)
    let good = try Data(contentsOf: url)
    func expectFailure(_ bytes: Data, _ fragment: String, line: UInt = #line) throws {
      try bytes.write(to: url)
      XCTAssertThrowsError(try BruteForce(contentsOf: url), line: line) { error in
        let message = "\(error)"
        XCTAssertTrue(message.hasPrefix(url.path + ": "), message, line: line)
        XCTAssertTrue(message.contains(fragment), message, line: line)
      }
    }
    var flipped = good
    flipped[40] ^= 0x10
    try expectFailure(flipped, "checksum mismatch")
    try expectFailure(good.prefix(good.count - 5), "truncated")
    try expectFailure(good + Data([0]), "unexpected bytes")
    try expectFailure(Data("hello".utf8), "shorter than a header")
    var magic = good
    magic[0] = UInt8(ascii: "X")
    try expectFailure(magic, "bad magic")
    var version = good
    version[8] = 2
    try expectFailure(version, "format version 2 is not supported")
    var huge = good
    huge[23] = 0x7f
    try expectFailure(huge, "more than the file holds")
  }
}
