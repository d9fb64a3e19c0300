import Foundation
import XCTest

@testable import ReelTutorials

/// The sequential-retrieval tutorial: data preparation, the model's input handling, and a
/// reduced training run that must beat the most-popular baseline.
final class SequentialRetrievalTests: XCTestCase {
  /// Two users with 4 and 3 ratings (one below min_rating), three movies.
  static func tinyData(seed: UInt64 = 1) throws -> SequentialRetrievalData {
    let ratings = MovieLensRatings(
      user: [1, 1, 1, 1, 2, 2, 2], movie: [10, 20, 30, 10, 20, 30, 10],
      rating: [5, 4, 3, 1, 5, 5, 5], timestamp: [4, 1, 2, 3, 9, 8, 7])
    let movies = [10, 20, 30, 40].map {
      MovieLensMovie(id: Int32($0), title: "Movie \($0) (1999)", genres: ["Drama"])
    }
    return try SequentialRetrievalData(
      ratings: ratings, movies: movies,
      configuration: .init(seed: seed, trainFraction: 0.5, movieIDEncoding: .string))
  }

  func testExamplesAreNextMovieContextsWithStringIDs() throws {
    let data = try Self.tinyData()
    // User 1 keeps 3 ratings (20, 30, 10 by time), user 2 keeps 3 (10, 30, 20): 2 + 2 labels.
    XCTAssertEqual(data.examples.train.rowCount + data.examples.test.rowCount, 4)
    XCTAssertEqual(data.movieIDs, ["10", "20", "30", "40"])
    XCTAssertEqual(data.ratingCount, 7)
    XCTAssertEqual(data.userCount, 2)
    var contexts: [String: [String]] = [:]
    for batch in [data.examples.train, data.examples.test] {
      let labels = try batch.string("label_movie_id")
      let ids = try batch.column("context_movie_id").stringValues!
      for (row, label) in labels.enumerated() {
        contexts[label, default: []].append(ids[(row * 10)..<(row * 10 + 10)].joined(separator: ","))
      }
    }
    let pad = Array(repeating: "0", count: 8).joined(separator: ",")
    XCTAssertEqual(
      contexts["10"]?.sorted(), ["20,30," + pad])
    XCTAssertEqual(contexts["30"]?.sorted(), ["10,0,0,0,0,0,0,0,0,0", "20,0,0,0,0,0,0,0,0,0"])
    XCTAssertEqual(contexts["20"], ["10,30," + pad])
  }

  func testRejectsInt64IDsAndTooLittleData() throws {
    let ratings = MovieLensRatings(user: [1, 1], movie: [1, 2], rating: [5, 5], timestamp: [1, 2])
    let movies = [MovieLensMovie(id: 1, title: "A", genres: []), MovieLensMovie(id: 2, title: "B", genres: [])]
    XCTAssertThrowsError(
      try SequentialRetrievalData(ratings: ratings, movies: movies, configuration: .init(seed: 1))
    ) { XCTAssertTrue("\($0)".contains("movieIDEncoding")) }
    XCTAssertThrowsError(
      try SequentialRetrievalData(
        ratings: ratings, movies: movies,
        configuration: .init(seed: 1, movieIDEncoding: .string))
    ) { XCTAssertTrue("\($0)".contains("too few ratings"), "\($0)") }
  }

  func testQueryTowerReadsPaddingAsOOVAndChecksWidth() throws {
    var rng = SplitMix64(seed: 3)
    let model = try SequentialRetrievalModel(
      movieIDs: ["10", "20"], contextLength: 2, embeddingDimension: 4, using: &rng)
    let batch = try FeatureBatch([
      ("context_movie_id", FeatureColumn.stringLists([["10", "0"], ["20", "10"]])),
      ("label_movie_id", FeatureColumn.string(["20", "10"])),
    ])
    XCTAssertEqual(try model.queries(batch, tape: nil).shape, [2, 4])
    let loss = try model.computeLoss(batch: batch, tape: nil, training: true)
    XCTAssertTrue(loss.value.scalar.isFinite)
    let wrong = try FeatureBatch([
      ("context_movie_id", FeatureColumn.stringLists([["10"], ["20", "10"]])),
      ("label_movie_id", FeatureColumn.string(["20", "10"])),
    ])
    XCTAssertThrowsError(try model.queries(wrong, tape: nil)) {
      XCTAssertTrue("\($0)".contains("context_movie_id"))
    }
  }

  func testLabelFrequenciesSumToOne() {
    let p = SequentialRetrievalModel.labelFrequencies(["a", "b", "a", "a"])
    XCTAssertEqual(p["a"]!, 0.75, accuracy: 1e-7)
    XCTAssertEqual(p["b"]!, 0.25, accuracy: 1e-7)
  }
}

/// A reduced sequential-retrieval run on a small synthetic ML-1M-format release (about 10 s in
/// a debug build).
final class SequentialRetrievalTrainingTests: XCTestCase {
  func testGRUModelBeatsMostPopular() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-seq-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    _ = try MovieLensSynthesizer(
      .init(release: .ml1m, users: 300, movies: 300, ratings: 9_000, seed: 21)
    ).write(to: root)
    let data = try SequentialRetrievalData(
      path: root.appendingPathComponent(MovieLensRelease.ml1m.topFolder).path, seed: 42)
    var configuration = SequentialRetrieval.Configuration()
    // Reduced for a debug build: one epoch of batches of 128, width 8, Adagrad(0.3).
    configuration.batchSize = 128
    configuration.epochs = 1
    configuration.embeddingDimension = 8
    configuration.learningRate = 0.3
    configuration.logQCorrection = true
    configuration.ks = [10, 100]
    let result = try SequentialRetrieval.run(data: data, configuration: configuration)
    print(
      "sequential top-10 / top-100: GRU \(result.topK[10]!) / \(result.topK[100]!), "
        + "most popular \(result.popularTopK[10]!) / \(result.popularTopK[100]!), "
        + "train \(result.trainExamples), test \(result.testExamples), \(result.trainSeconds) s")
    // Measured: top-100 0.607 vs 0.580 for most-popular (859 test examples), top-10 0.120 vs
    // 0.116. The stated margin is 0.015 at top-100; top-10 must be far above chance (10/300).
    XCTAssertGreaterThan(result.topK[100]!, result.popularTopK[100]! + 0.015)
    XCTAssertGreaterThan(result.topK[10]!, 3 * 10.0 / 300)
  }
}

