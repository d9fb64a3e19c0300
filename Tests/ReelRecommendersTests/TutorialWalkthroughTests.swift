import Foundation
import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

/// The code of Docs/Tutorials/*.md, step by step, on the tiny release (small batches).
final class TutorialWalkthroughTests: XCTestCase {
  func testTheRetrievalWalkthroughRuns() throws {
    let data = try TutorialRatings(path: TinyRelease.paths.folder.path)
    let split = data.split(seed: 42)
    let train = split.trainBatches(batchSize: 128, seed: 42)
    let test = split.testBatches(batchSize: 64)
    var rng = SplitMix64(seed: 42)
    let model = try BasicRetrievalModel(
      users: data.userIDs, movies: data.movieTitles, embeddingDimension: 8, using: &rng)
    let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.1))
    let history = try trainer.fit(train: train, epochs: 2)
    XCTAssertEqual(history.epochs.count, 2)
    let metrics = try trainer.evaluate(test)
    let top100 = try XCTUnwrap(metrics["factorized_top_k/top_100_categorical_accuracy"])
    XCTAssertEqual(top100, 1, "60 movies: every test movie is in the top 100")
    let baseline = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
    XCTAssertEqual(try baseline.topKAccuracy(split.test, ks: [100])[100], 1)
  }

  func testTheRankingWalkthroughRuns() throws {
    let data = try TutorialRatings(path: TinyRelease.paths.folder.path)
    var rng = SplitMix64(seed: 42)
    let model = try BasicRankingModel(
      users: data.userIDs, movies: data.movieTitles, embeddingDimension: 8,
      layerSizes: [16, 8, 1], using: &rng)
    let batch = try FeatureBatch([
      ("user_id", .string(["42"])), ("movie_title", .string([data.movieTitles[0]])),
    ])
    XCTAssertEqual(try model.predict(batch, tape: nil).value.scalars.count, 1)
    let split = data.split(seed: 42)
    let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.1))
    try trainer.fit(train: split.trainBatches(batchSize: 128, seed: 42), epochs: 3)
    let rmse = try XCTUnwrap(trainer.evaluate(split.testBatches())["root_mean_squared_error"])
    XCTAssert(rmse.isFinite && rmse < 3, "rmse \(rmse)")
  }
}
