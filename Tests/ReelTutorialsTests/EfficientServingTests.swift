import Foundation
import XCTest

@testable import ReelTutorials

/// The efficient-serving tutorial at a reduced size: the first 10,000 ratings of the ml-100k
/// fixture, 3 epochs in batches of 512, 12 noisy copies of each movie (21,385 candidates; the
/// notebook's settings adapted to 15 and 146 leaves), 100 test users as queries. Speed is
/// measured by the tutorial, never asserted here.
final class EfficientServingTests: XCTestCase {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/movielens/ml-100k").path

  /// Recall@10 floors on the reduced set. `scann` (30% of the leaves searched, reorder 500)
  /// measured 0.85 on it; every setting, including `scann-recall` (which searches 1 of 15
  /// leaves there), measured at least 0.45. The embeddings of a small, briefly trained model
  /// cluster far less than the full tutorial's, which reaches 0.91-0.998 (Docs/Tutorials/
  /// efficient-serving.md).
  static let scannRecallFloor = 0.75
  static let everySettingRecallFloor = 0.35

  struct Run {
    let data: TutorialRatings
    let settings: EfficientServing.Settings
    let result: EfficientServingResult
    let directory: URL
  }

  /// One reduced run shared by the tests (training is the slow part in a debug build).
  static let shared: Result<Run, Error> = Result {
    let full = try TutorialRatings(path: fixture)
    let data = try TutorialRatings(
      ratings: full.ratings.slice(0..<10_000), movieTitles: full.movieTitles)
    var settings = EfficientServing.Settings(seed: 42)
    settings.recipe.epochs = 3
    settings.recipe.batchSize = 512
    settings.copies = 12
    settings.queryLimit = 100
    settings.indexTrainingSampleSize = 5_000
    settings.latencyBudget = 0.01
    settings.minimumSingleQueries = 2
    let directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("efficient-serving-\(UUID().uuidString)")
    settings.saveDirectory = directory
    let result = try EfficientServing.run(data: data, settings: settings)
    return Run(data: data, settings: settings, result: result, directory: directory)
  }

  func sharedRun() throws -> Run { try Self.shared.get() }

  func testEveryNotebookSettingReachesTheRecallFloor() throws {
    let r = try sharedRun().result
    XCTAssertEqual(r.candidateCount, r.movieCount * 13)
    XCTAssertEqual(r.configurations.map(\.configuration.name), ["scann", "scann-recall", "scann2", "scann3"])
    XCTAssertEqual(r.configurations.map(\.configuration.leaves), [15, 15, 146, 146])
    XCTAssertGreaterThanOrEqual(r.configurations[0].recall, Self.scannRecallFloor)
    for c in r.configurations {
      XCTAssertGreaterThanOrEqual(
        c.recall, Self.everySettingRecallFloor, "\(c.configuration.name): recall@10 \(c.recall)")
      XCTAssertLessThanOrEqual(c.recall, 1)
      XCTAssertGreaterThan(c.latency.singleQueryMilliseconds, 0)
      XCTAssertGreaterThan(c.latency.batchedMillisecondsPerQuery, 0)
      XCTAssertGreaterThan(c.buildSeconds, 0)
    }
    XCTAssertEqual(r.bruteForceTop.count, 3)
    XCTAssertEqual(r.approximateTop.count, 3)
    // Scores are exact dot products in both indexes, and sorted.
    XCTAssertEqual(r.bruteForceTop.map(\.score), r.bruteForceTop.map(\.score).sorted(by: >))
    // Both re-score exactly (in different summation orders): the approximate best is never
    // better than the exact best beyond rounding.
    XCTAssertGreaterThanOrEqual(r.bruteForceTop[0].score, r.approximateTop[0].score - 1e-5)
  }

  func testTheSavedIndexLoadsBackWithIdenticalResults() throws {
    let run = try sharedRun()
    let saved = try XCTUnwrap(run.result.saved)
    defer { try? FileManager.default.removeItem(at: run.directory) }
    XCTAssertTrue(saved.identical)
    XCTAssertEqual(saved.configuration.name, "scann-recall")
    XCTAssertEqual(saved.queriesCompared, run.result.queryCount)
    XCTAssertGreaterThan(saved.bytes, run.result.candidateCount * 32 * 4)
    let loaded = try ScaNNIndex(contentsOf: saved.url)
    XCTAssertEqual(loaded.count, run.result.candidateCount)
    XCTAssertEqual(loaded.leavesToSearch, saved.configuration.leavesToSearch)
    XCTAssertEqual(loaded.reorder, saved.configuration.reorder)
  }

  func testSearchingEveryLeafWithFullReorderEqualsBruteForce() throws {
    let run = try sharedRun()
    let recommender = run.result.outcome.recommender
    let lots = try LargeCandidateSet(
      movies: recommender.candidateEmbeddings(), copies: 2, seed: 7)
    let split = run.data.split(seed: run.settings.recipe.seed)
    let queries = try ServingQueries(recommender: recommender, test: split.test, limit: 50)
    let exact = try BruteForce(candidates: lots.embeddings).query(queries.embeddings, k: 10)
    var index = try ScaNNIndex(candidates: lots.embeddings, configuration: .init(leaves: 10, trainingSampleSize: 2_000))
    index.leavesToSearch = index.leafCount
    index.reorder = lots.count
    let found = try index.query(queries.embeddings, k: 10)
    XCTAssertEqual(ServingRecall.recall(exact: exact, approximate: found), 1)
    XCTAssertTrue(found.ids == exact.ids, "exhaustive search returned other ids than brute force")
    let (a, b) = (found.scores.scalars, exact.scores.scalars)
    let worst = zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    XCTAssertLessThan(worst, 1e-5)
  }

  func testTheCandidateSetIsDeterministicFromTheSeed() throws {
    var rng = SplitMix64(seed: 3)
    let movies = Tensor(
      shape: [50, 8], scalars: (0..<400).map { _ in Float(rng.nextUnit() * 4 - 2) })
    let a = try LargeCandidateSet(movies: movies, copies: 30, seed: 11)
    let b = try LargeCandidateSet(movies: movies, copies: 30, seed: 11)
    let c = try LargeCandidateSet(movies: movies, copies: 30, seed: 12)
    let fewer = try LargeCandidateSet(movies: movies, copies: 7, seed: 11)
    XCTAssertEqual(a.embeddings.shape, [50 * 31, 8])
    XCTAssertEqual(a.count, 1550)
    let (x, y, z, w) = (
      a.embeddings.scalars, b.embeddings.scalars, c.embeddings.scalars, fewer.embeddings.scalars
    )
    XCTAssertTrue(x.map(\.bitPattern) == y.map(\.bitPattern), "same seed, different values")
    XCTAssertFalse(x == z, "another seed gave the same copies")
    // A copy's values do not depend on how many copies there are (nor on the threads).
    XCTAssertTrue(Array(x.prefix(w.count)).map(\.bitPattern) == w.map(\.bitPattern))
    // Rows 0..<50 are the movies; every copy is the movie times uniforms in [0, 1).
    let original = movies.scalars
    XCTAssertTrue(Array(x.prefix(400)) == original)
    var factors: [Float] = []
    for row in 50..<a.count {
      XCTAssertEqual(a.movie(ofRow: row), row % 50)
      XCTAssertFalse(a.isOriginal(row: row))
      for j in 0..<8 {
        let (v, m) = (x[row * 8 + j], original[(row % 50) * 8 + j])
        let u = v / m
        XCTAssertTrue(u >= 0 && u < 1, "copy value \(v) of \(m)")
        factors.append(u)
      }
    }
    let mean = factors.reduce(0, +) / Float(factors.count)
    XCTAssertEqual(mean, 0.5, accuracy: 0.02)
    XCTAssertThrowsError(try LargeCandidateSet(movies: movies, copies: -1, seed: 0))
    XCTAssertThrowsError(try LargeCandidateSet(movies: Tensor(shape: [0, 4]), copies: 1, seed: 0))
  }

  func testNotebookSettingsAdaptToTheCandidateCount() {
    let notebook = ServingConfiguration.notebook
    XCTAssertEqual(notebook.map { $0.adapted(toCount: 1_650_649) }, notebook)
    let small = notebook.map { $0.adapted(toCount: 40_000) }   // scale 0.2
    XCTAssertEqual(small.map(\.leaves), [20, 20, 200, 200])
    XCTAssertEqual(small.map(\.leavesToSearch), [6, 2, 20, 14])
    XCTAssertEqual(small.map(\.reorder), [500, 1000, 1000, 400])
    let tiny = ServingConfiguration(name: "t", leaves: 100, leavesToSearch: 30, reorder: 5)
      .adapted(toCount: 3)
    XCTAssertEqual(tiny.leaves, 1)
    XCTAssertEqual(tiny.leavesToSearch, 1)
  }

  func testRecallIsTheWeightedShareOfExactResultsFound() {
    func top(_ ids: [[Int64]]) -> TopKCandidates {
      let k = ids[0].count
      return TopKCandidates(
        queryCount: ids.count, k: k, scores: Tensor(shape: [ids.count, k]),
        ids: ids.flatMap { $0 }, rows: ids.flatMap { $0.map { Int32($0) } })
    }
    let exact = top([[1, 2, 3, 4], [5, 6, 7, 8]])
    let approximate = top([[4, 3, 9, 1], [5, 10, 11, 12]])   // 3/4 and 1/4
    XCTAssertEqual(ServingRecall.recall(exact: exact, approximate: approximate), 0.5)
    XCTAssertEqual(
      ServingRecall.recall(exact: exact, approximate: approximate, weights: [3, 1]), 0.625)
    XCTAssertEqual(ServingRecall.recall(exact: exact, approximate: exact), 1)
  }

  func testQueriesAreTheDistinctTestUsersWeightedByRows() throws {
    let run = try sharedRun()
    let split = run.data.split(seed: run.settings.recipe.seed)
    let queries = try ServingQueries(recommender: run.result.outcome.recommender, test: split.test)
    XCTAssertEqual(queries.testRows, split.test.rowCount)
    XCTAssertEqual(queries.count, Set(try split.test.string("user_id")).count)
    XCTAssertEqual(queries.embeddings.shape, [queries.count, 32])
    let limited = try ServingQueries(
      recommender: run.result.outcome.recommender, test: split.test, limit: 100)
    XCTAssertEqual(limited.users, Array(queries.users.prefix(100)))
    XCTAssertEqual(run.result.queryCount, 100)
    XCTAssertEqual(run.result.testRows, limited.testRows)
    let all = try run.result.outcome.recommender.userEmbeddings()
    let row = run.result.outcome.recommender.users.firstIndex(of: queries.users[0])!
    XCTAssertEqual(queries.query(0).scalars, Array(all.scalars[(row * 32)..<(row * 32 + 32)]))
  }

  func testThePlotHasOnePointPerSetting() {
    let svg = RecallLatencyPlot.svg(
      points: [
        .init(label: "brute force", milliseconds: 20, recall: 1, series: "single"),
        .init(label: "scann", milliseconds: 1.2, recall: 0.97, series: "single"),
        .init(label: "scann", milliseconds: 0.3, recall: 0.97, series: "batched"),
      ], title: "a < b")
    XCTAssertTrue(svg.hasPrefix("<svg"))
    XCTAssertTrue(svg.hasSuffix("</svg>\n"))
    XCTAssertTrue(svg.contains("a &lt; b"))
    // One panel per series: circles for the first, squares for the second.
    XCTAssertEqual(svg.components(separatedBy: "<circle").count - 1, 2)
    XCTAssertEqual(svg.components(separatedBy: "stroke-width=\"1.5\"").count - 1, 1)
    XCTAssertEqual(svg.components(separatedBy: "<g>").count - 1, 2)
    XCTAssertTrue(svg.contains(">brute force</text>"))
  }
}
