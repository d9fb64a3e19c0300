import Foundation
import ReelANN
import ReelRecommenders
import ReelTensor
import XCTest

/// Recall of the approximate index against brute force on a seeded clustered set, and the
/// behaviour it shares with `BruteForce` (exclusions, ties, padding, errors).
final class ScaNNIndexTests: XCTestCase {
  static let queryCount = 100
  /// 10,000 × 32 items around 100 centres, 100 queries from the same distribution.
  static let data = ClusteredVectors(
    count: 10_000, queries: queryCount, dimension: 32, centres: 100, noise: 0.5, seed: 11)
  static let ids = (0..<10_000).map { Int64($0) * 3 + 1000 }
  static let brute = try! BruteForce(candidates: data.items, ids: ids)
  static let exact: [[Int64]] = {
    let top = try! brute.query(data.queries, k: 10)
    return (0..<queryCount).map { top.ids(ofQuery: $0) }
  }()
  /// The default settings (≈√N = 100 leaves, 10 searched, reorder 100), trained on 2,000 rows.
  static let plain = try! ScaNNIndex(
    candidates: data.items, ids: ids,
    configuration: .init(trainingSampleSize: 2_000, quantizerIterations: 3, seed: 3))
  static let anisotropic = try! ScaNNIndex(
    candidates: data.items, ids: ids,
    configuration: .init(
      anisotropicThreshold: 4, trainingSampleSize: 2_000, quantizerIterations: 3, seed: 3))

  func recallOf(_ index: ScaNNIndex) throws -> Double {
    let top = try index.query(ScaNNIndexTests.data.queries, k: 10)
    return recall(
      (0..<ScaNNIndexTests.queryCount).map { top.ids(ofQuery: $0) }, ScaNNIndexTests.exact)
  }

  func testDefaultSettingsRecallIsAboveTheFloor() throws {
    let index = ScaNNIndexTests.plain
    XCTAssertEqual(index.leafCount, 100)
    XCTAssertEqual(index.leavesToSearch, 10)
    XCTAssertEqual(index.reorder, 100)
    XCTAssertFalse(index.isExact)
    XCTAssertGreaterThanOrEqual(try recallOf(index), 0.98)
    XCTAssertGreaterThanOrEqual(try recallOf(ScaNNIndexTests.anisotropic), 0.98)
  }

  /// With little re-ranking the codes decide; the score-aware codebook ranks better.
  func testAnisotropicCodesRankBetterThanPlainOnes() throws {
    var plain = ScaNNIndexTests.plain
    var aniso = ScaNNIndexTests.anisotropic
    plain.reorder = 10
    aniso.reorder = 10
    let (p, a) = (try recallOf(plain), try recallOf(aniso))
    XCTAssertGreaterThanOrEqual(p, 0.55, "plain PQ, reorder 10")
    XCTAssertGreaterThanOrEqual(a, p + 0.03, "anisotropic \(a) vs plain \(p), reorder 10")
  }

  /// Searching every leaf and re-scoring every candidate is brute force.
  func testSearchingEverythingIsExact() throws {
    var index = ScaNNIndexTests.plain
    index.leavesToSearch = index.leafCount
    index.reorder = index.count
    let queries = ScaNNIndexTests.data.queries.rows(0..<4)
    let approx = try index.query(queries, k: 10)
    let exact = try ScaNNIndexTests.brute.query(queries, k: 10)
    XCTAssertEqual(approx.ids, exact.ids)
    XCTAssertEqual(approx.rows, exact.rows)
    let (a, e) = (approx.scores.scalars, exact.scores.scalars)
    for i in 0..<a.count { XCTAssertEqual(a[i], e[i], accuracy: 1e-4 * max(1, abs(e[i]))) }
    // With a large reorder, all leaves: recall ≈ 1.
    index.reorder = 300
    XCTAssertGreaterThanOrEqual(try recallOf(index), 0.999)
  }

  func testExclusionsAreRemovedBeforeRanking() throws {
    let index = ScaNNIndexTests.plain
    let queries = ScaNNIndexTests.data.queries.rows(0..<8)
    let before = try index.query(queries, k: 10)
    // Exclude each query's first five results and an unknown id.
    let exclusions = (0..<8).map { Array(before.ids(ofQuery: $0).prefix(5)) + [-42] }
    let after = try index.query(queries, k: 10, exclusions: exclusions)
    for q in 0..<8 {
      let got = after.ids(ofQuery: q)
      XCTAssertEqual(got.count, 10)
      XCTAssert(Set(got).isDisjoint(with: exclusions[q]), "query \(q)")
      // The survivors of the first list come first, in order.
      XCTAssertEqual(Array(got.prefix(5)), Array(before.ids(ofQuery: q).suffix(5)))
    }
    XCTAssertThrowsError(try index.query(queries, k: 10, exclusions: [[1]])) { error in
      XCTAssert("\(error)".contains("1 exclusion lists for 8 queries"), "\(error)")
    }
  }

  func testScoresAreSortedExactDotProducts() throws {
    let index = ScaNNIndexTests.plain
    let queries = ScaNNIndexTests.data.queries.rows(0..<5)
    let top = try index.query(queries, k: 10)
    let items = ScaNNIndexTests.data.items
    for q in 0..<5 {
      let s = Array(top.scores.scalars[(q * 10)..<(q * 10 + 10)])
      XCTAssertEqual(s, s.sorted(by: >))
      for i in 0..<10 {
        let row = Int(top.rows[q * 10 + i])
        XCTAssertEqual(top.ids[q * 10 + i], ScaNNIndexTests.ids[row])
        let dot = zip(queries.row(q).scalars, items.row(row).scalars).reduce(Float(0)) {
          $0 + $1.0 * $1.1
        }
        XCTAssertEqual(s[i], dot, accuracy: 1e-4 * max(1, abs(dot)))
      }
    }
  }

  func testTiesComeInRowOrderAndShortResultsArePadded() throws {
    // Rows 0-3 equal, rows 4-7 equal and far away: two leaves of four.
    let a: [Float] = [1, 0, 0, 0]
    let b: [Float] = [0, 0, 0, -5]
    let items = Tensor(shape: [8, 4], scalars: Array([a, a, a, a, b, b, b, b].joined()))
    let index = try ScaNNIndex(
      candidates: items, configuration: .init(leaves: 2, leavesToSearch: 1, reorder: 2))
    let top = try index.query(Tensor(shape: [1, 4], scalars: [1, 0, 0, 0]), k: 6)
    XCTAssertEqual(Array(top.rows), [0, 1, 2, 3, -1, -1])
    XCTAssertEqual(Array(top.ids.prefix(4)), [0, 1, 2, 3])
    XCTAssertEqual(top.ids[4], TopKCandidates.paddingID)
    XCTAssertEqual(top.scores.scalars, [1, 1, 1, 1, -.infinity, -.infinity])
    XCTAssertEqual(top.ids(ofQuery: 0), [0, 1, 2, 3])
  }

  func testSameSeedSameIndex() throws {
    let items = ScaNNIndexTests.data.items.rows(0..<1_000)
    let config = ScaNNIndex.Configuration(
      leaves: 10, anisotropicThreshold: 3, quantizerIterations: 2, seed: 9)
    let first = try ScaNNIndex(candidates: items, configuration: config)
    let second = try ScaNNIndex(candidates: items, configuration: config)
    XCTAssertEqual(first.leafCentroids, second.leafCentroids)
    var noReorder = first
    noReorder.reorder = 10
    var noReorder2 = second
    noReorder2.reorder = 10
    let queries = ScaNNIndexTests.data.queries.rows(0..<10)
    XCTAssertEqual(
      try noReorder.query(queries, k: 10).rows, try noReorder2.query(queries, k: 10).rows)
  }

  func testBuildReportsProgressInOrder() throws {
    let stages = StageLog()
    _ = try ScaNNIndex(
      candidates: ScaNNIndexTests.data.items.rows(0..<1_000),
      configuration: .init(leaves: 10, anisotropicThreshold: 3, quantizerIterations: 2)
    ) { stages.append($0) }
    let order: [ScaNNIndex.BuildProgress.Stage] = [
      .partitioning, .assigning, .quantizer, .encoding, .done,
    ]
    var seen: [ScaNNIndex.BuildProgress.Stage] = []
    for p in stages.items where seen.last != p.stage { seen.append(p.stage) }
    XCTAssertEqual(seen, order)
    XCTAssert(stages.items.allSatisfy { $0.fraction >= 0 && $0.fraction <= 1 })
    XCTAssertEqual(stages.items.last?.stage, .done)
    XCTAssertEqual(stages.items.last?.fraction, 1)
  }

  func testRejectsBadInput() throws {
    let items = ScaNNIndexTests.data.items.rows(0..<100)
    func expect(_ fragment: String, _ body: () throws -> Void) {
      XCTAssertThrowsError(try body()) { error in
        XCTAssert("\(error)".contains(fragment), "\(error)")
        XCTAssert("\(error)".hasPrefix("ScaNNIndex: "), "\(error)")
      }
    }
    expect("non-empty [count, dimension]") { _ = try ScaNNIndex(candidates: Tensor([1, 2])) }
    expect("3 ids for 100 candidates") { _ = try ScaNNIndex(candidates: items, ids: [1, 2, 3]) }
    expect("leaves = 101 is outside 1...100") {
      _ = try ScaNNIndex(candidates: items, configuration: .init(leaves: 101))
    }
    expect("anisotropicThreshold = -1.0") {
      _ = try ScaNNIndex(candidates: items, configuration: .init(anisotropicThreshold: -1))
    }
    let index = try ScaNNIndex(candidates: items, configuration: .init(leaves: 4))
    expect("queries must be [batch, 32]") {
      _ = try index.query(Tensor(shape: [1, 3], repeating: 0), k: 1)
    }
    expect("k = 101 is outside 0...100") { _ = try index.query(items.rows(0..<1), k: 101) }
    let none = try index.query(items.rows(0..<2), k: 0)
    XCTAssertEqual(none.scores.shape, [2, 0])
  }
}

/// Progress reports collected from the build callback.
final class StageLog: @unchecked Sendable {
  private(set) var items: [ScaNNIndex.BuildProgress] = []
  func append(_ p: ScaNNIndex.BuildProgress) { items.append(p) }
}
