import Foundation
import XCTest

@testable import ReelTutorials

/// The listwise-ranking tutorial: its lists, its model's shapes, and a reduced training that
/// ranks the test lists better than a random ordering.
final class ListwiseRankingTests: XCTestCase {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/movielens/ml-1m").path

  func testListsFollowTheTutorial() throws {
    let data = try ListwiseData(path: Self.fixture, seed: 42)
    XCTAssertEqual(data.train.rowCount % 50, 0)
    let users = Set(try data.train.string("user_id"))
    XCTAssertEqual(data.train.rowCount, 50 * users.count)
    XCTAssertEqual(data.test.rowCount, Set(try data.test.string("user_id")).count)
    let titles = try data.train.column("movie_title")
    XCTAssertEqual(titles.listOffsets?.prefix(3), [0, 5, 10])
    let ratings = try XCTUnwrap(data.test.column("user_rating").floatValues)
    XCTAssertTrue(ratings.allSatisfy { (1...5).contains($0) })
    // Same seed, same lists.
    XCTAssertEqual(try ListwiseData(path: Self.fixture, seed: 42).train, data.train)
    XCTAssertEqual(data.trainCounts.values.reduce(0, +), 8000)
  }

  func testModelScoresEachListItem() throws {
    let data = try ListwiseData(path: Self.fixture, seed: 42)
    var rng = SplitMix64(seed: 1)
    let model = try ListwiseRankingModel(
      users: data.userIDs, movies: data.movieTitles, loss: PairwiseHingeLoss(), using: &rng)
    // StringLookup with the default mask: vocabulary + 2 rows.
    XCTAssertEqual(model.userEmbedding.inputDim, data.userIDs.count + 2)
    XCTAssertEqual(model.movieEmbedding.inputDim, data.movieTitles.count + 2)
    let batch = data.test.slice(0..<7)
    XCTAssertEqual(try model.predict(batch, tape: nil).shape, [7, 5])
    let loss = try model.computeLoss(batch: batch, tape: nil, training: false)
    XCTAssertEqual(loss.value.rank, 0)
    XCTAssertEqual(model.metricResults.map(\.name), ["ndcg_metric", "root_mean_squared_error"])
    XCTAssertThrowsError(
      try model.predict(try data.test.slice(0..<2).selecting(["user_id"]), tape: nil))
  }

  /// ListMLE trained for 2 epochs on the ml-1m-format fixture's lists (10 per user: 2,000
  /// lists, batches of 256) ranks the test lists better than random scores by at least 0.01
  /// NDCG (measured: 0.893 against 0.872).
  func testListMLEBeatsRandomOrdering() throws {
    let data = try ListwiseData(path: Self.fixture, seed: 42, trainListsPerUser: 10)
    var rng = SplitMix64(seed: 42)
    let model = try ListwiseRankingModel(
      users: data.userIDs, movies: data.movieTitles, loss: ListMLELoss(seed: 42), using: &rng)
    let split = RatingsSplit(train: data.train, test: data.test)
    let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.1))
    try trainer.fit(train: split.trainBatches(batchSize: 256, seed: 42), epochs: 2)
    let ndcg = try XCTUnwrap(trainer.evaluate(split.testBatches())["ndcg_metric"])
    let baselines = try ListwiseTutorial.baselines(data: data, seed: 42)
    XCTAssertGreaterThan(ndcg, baselines.random + 0.01, "ListMLE \(ndcg), random \(baselines.random)")
  }

  /// The tutorial's run reports one test NDCG per epoch for each loss, the last equal to the
  /// model's final NDCG (a reduced run: 2 epochs, 5 lists per user, batches of 256).
  func testTutorialRecordsTheNDCGCurveOfEachLoss() throws {
    let data = try ListwiseData(path: Self.fixture, seed: 42, trainListsPerUser: 5)
    var settings = ListwiseTutorial.Settings()
    settings.epochs = 2
    settings.batchSize = 256
    let result = try ListwiseTutorial.run(data: data, settings: settings)
    XCTAssertEqual(
      result.models.map(\.loss), ["mean_squared_loss", "pairwise_hinge_loss", "list_mle_loss"])
    for m in result.models {
      XCTAssertEqual(m.ndcgByEpoch.count, 2, m.loss)
      XCTAssertEqual(m.ndcgByEpoch.last, m.ndcg, m.loss)
      XCTAssert(m.ndcgByEpoch.allSatisfy { $0 > 0 && $0 <= 1 }, "\(m.loss): \(m.ndcgByEpoch)")
    }
  }
}
