import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

final class FactorizedTopKTests: XCTestCase {
  /// Candidates on a line: candidate j scores j against the query [1].
  private func lineIndex(_ count: Int, ids: [Int64]? = nil) throws -> BruteForce {
    try BruteForce(
      candidates: Tensor(shape: [count, 1], scalars: (0..<count).map { Float($0) }), ids: ids)
  }

  func testScoreModeCountsStrictlyHigherCandidates() throws {
    // Scores 0…9 plus a duplicate 7 at row 10; the true candidate scores 7.
    var values = (0..<10).map { Float($0) }
    values.append(7)
    let index = try BruteForce(candidates: Tensor(shape: [11, 1], scalars: values))
    let metric = try FactorizedTopK(candidates: index, ks: [1, 2, 3, 4])
    try metric.update(queries: Tensor(rows: [[1]]), trueCandidates: Tensor(rows: [[7]]))
    // Two candidates (8, 9) score strictly higher; the tied copies do not count.
    XCTAssertEqual(metric.results.map(\.value), [0, 0, 1, 1])
    let direct = try FactorizedTopK(
      candidateEmbeddings: Tensor(shape: [11, 1], scalars: values), ks: [1, 2, 3, 4])
    try direct.update(queries: Tensor(rows: [[1]]), trueCandidates: Tensor(rows: [[7]]))
    XCTAssertEqual(direct.results, metric.results)
    XCTAssertEqual(
      metric.resultNames,
      (1...4).map { "factorized_top_k/top_\($0)_categorical_accuracy" })
  }

  func testScoreModeExclusionsRemoveCandidates() throws {
    let index = try lineIndex(10, ids: (0..<10).map { Int64($0) + 100 })
    let metric = try FactorizedTopK(candidates: index, ks: [1, 3])
    // True score 6: 7, 8 and 9 are higher; excluding 108 and 109 leaves only 7 above.
    try metric.update(
      queries: Tensor(rows: [[1], [1]]), trueCandidates: Tensor(rows: [[6], [6]]),
      exclusions: [[108, 109], []])
    XCTAssertEqual(metric.results.map(\.value), [0, 0.5])
  }

  func testIDModeAndExcludedTrueIDs() throws {
    let index = try lineIndex(10, ids: (0..<10).map { Int64($0) })
    let metric = try FactorizedTopK(candidates: index, ks: [1, 2, 5])
    try metric.update(
      queries: Tensor(rows: [[1], [1], [1]]), trueCandidateIDs: [8, 9, 8],
      sampleWeights: [1, 2, 4], exclusions: [[], [], [8]])
    // Query 0: id 8 at rank 2. Query 1: id 9 at rank 1. Query 2: 8 excluded, never found.
    let total: Float = 7
    XCTAssertEqual(metric.results.map(\.value), [2 / total, 3 / total, 3 / total])
  }

  func testKLargerThanTheCorpusAndMerging() throws {
    let index = try lineIndex(3)
    let a = try FactorizedTopK(candidates: index, ks: [1, 100])
    let b = try FactorizedTopK(candidates: index, ks: [1, 100])
    try a.update(queries: Tensor(rows: [[1]]), trueCandidates: Tensor(rows: [[0]]))
    try b.update(queries: Tensor(rows: [[1]]), trueCandidates: Tensor(rows: [[2]]))
    try a.merge(b)
    XCTAssertEqual(a.results.map(\.value), [0.5, 1])
    a.reset()
    XCTAssertEqual(a.results.map(\.value), [0, 0])
    XCTAssertThrowsError(try a.merge(try FactorizedTopK(candidates: index, ks: [1])))
  }

  func testNonFiniteScoresMiss() throws {
    let index = try BruteForce(candidates: Tensor(rows: [[1], [.infinity], [2]]))
    let metric = try FactorizedTopK(candidates: index, ks: [3])
    try metric.update(queries: Tensor(rows: [[1]]), trueCandidates: Tensor(rows: [[5]]))
    XCTAssertEqual(metric.results[0].value, 0)
  }

  /// An exact index that only offers top-k queries, so the metric takes its top-k path.
  private struct TopKOnly: TopKIndex {
    let base: BruteForce
    var count: Int { base.count }
    var dimension: Int { base.dimension }
    var isExact: Bool { true }
    func query(_ queries: Tensor, k: Int, exclusions: [[Int64]]?) throws -> TopKCandidates {
      try base.query(queries, k: k, exclusions: exclusions)
    }
  }

  /// Score mode over a BruteForce index counts instead of selecting; both give the same
  /// hits, with ties, infinities, NaN, exclusions and ks beyond the corpus.
  func testCountingAndTopKPathsAgree() throws {
    var rng = SplitMix64(seed: 21)
    func integers(_ rows: Int) -> Tensor {
      Tensor(
        shape: [rows, 2],
        scalars: (0..<(rows * 2)).map { _ in Float(Int.random(in: -2...2, using: &rng)) })
    }
    for special in [nil, Float.infinity, -Float.infinity, Float.nan] as [Float?] {
      var corpus = integers(30)
      if let value = special { corpus[4, 0] = value }
      let index = try BruteForce(candidates: corpus, ids: (0..<30).map { Int64($0 % 20) })
      let queries = integers(25)
      let positives = integers(25)
      let exclusions = (0..<25).map { i in i % 2 == 0 ? [] : (0..<Int64(i)).map { $0 } }
      for ks in [[1, 2, 3, 5], [1, 10, 50]] {
        let counted = try FactorizedTopK(candidates: index, ks: ks)
        let selected = try FactorizedTopK(candidates: TopKOnly(base: index), ks: ks)
        for metric in [counted, selected] {
          try metric.update(queries: queries, trueCandidates: positives, exclusions: exclusions)
          try metric.update(queries: queries, trueCandidates: positives)
        }
        XCTAssertEqual(
          counted.results.map(\.value), selected.results.map(\.value),
          "ks \(ks), special \(String(describing: special))")
      }
    }
  }

  /// An approximate index stand-in: results of a brute-force index, optionally reversed.
  private struct Approximate: TopKIndex {
    let base: BruteForce
    let reverse: Bool
    var count: Int { base.count }
    var dimension: Int { base.dimension }
    var isExact: Bool { false }
    func query(_ queries: Tensor, k: Int, exclusions: [[Int64]]?) throws -> TopKCandidates {
      let top = try base.query(queries, k: k, exclusions: exclusions)
      guard reverse else { return top }
      return TopKCandidates(
        queryCount: top.queryCount, k: k,
        scores: Tensor(shape: [top.queryCount, k], scalars: top.scores.scalars.reversed()),
        ids: top.ids.reversed(), rows: top.rows.reversed())
    }
  }

  func testApproximateIndexesNeedIDsAndSortedScores() throws {
    let base = try lineIndex(5)
    let metric = try FactorizedTopK(candidates: Approximate(base: base, reverse: false), ks: [2])
    XCTAssertThrowsError(
      try metric.update(queries: Tensor(rows: [[1]]), trueCandidates: Tensor(rows: [[1]]))
    ) { XCTAssertTrue("\($0)".contains("not exact: pass trueCandidateIDs"), "\($0)") }
    try metric.update(queries: Tensor(rows: [[1]]), trueCandidateIDs: [3])
    XCTAssertEqual(metric.results[0].value, 1)
    metric.candidates = Approximate(base: base, reverse: true)
    XCTAssertThrowsError(try metric.update(queries: Tensor(rows: [[1]]), trueCandidateIDs: [3])) {
      XCTAssertEqual("\($0)", "factorized_top_k: the candidate index returned unsorted scores")
    }
  }

  func testBadInputs() throws {
    let index = try lineIndex(4)
    XCTAssertThrowsError(try FactorizedTopK(candidates: index, ks: [])) {
      XCTAssertEqual("\($0)", "factorized_top_k: ks must be positive and non-empty, got []")
    }
    let metric = try FactorizedTopK(candidates: index)
    XCTAssertThrowsError(try metric.update(queries: Tensor(rows: [[1]]))) {
      XCTAssertTrue("\($0)".contains("needs trueCandidates"), "\($0)")
    }
    XCTAssertThrowsError(
      try metric.update(queries: Tensor(rows: [[1]]), trueCandidateIDs: [1, 2]))
    XCTAssertThrowsError(
      try metric.update(
        queries: Tensor(rows: [[1]]), trueCandidates: Tensor(rows: [[1]]), sampleWeights: []))
  }
}
