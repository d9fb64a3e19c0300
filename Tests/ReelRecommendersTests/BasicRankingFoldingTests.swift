import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

/// `BasicRankingModel` folds its first layer into the embedding tables; training with and
/// without folding gives the same weights, names and metrics to float rounding.
final class BasicRankingFoldingTests: XCTestCase {
  func testFoldedAndPlainTrainingAgree() throws {
    let data = SyntheticRatings()
    func train(_ folding: EmbeddingDenseFolding) throws -> (BasicRankingModel, Double) {
      var rng = SplitMix64(seed: 9)
      let model = try BasicRankingModel(
        users: data.users, movies: data.movies, embeddingDimension: 8, layerSizes: [16, 8, 1],
        using: &rng)
      model.folding = folding
      let history = try Trainer(model: model, optimizer: Adagrad(learningRate: 0.1)).fit(
        train: data.dataset(0..<400, batch: 100), epochs: 2,
        validation: data.unshuffled(400..<480, batch: 80))
      return (model, try XCTUnwrap(history.epochs.last?.values["val_root_mean_squared_error"]))
    }
    let (plain, plainRMSE) = try train(.never)
    let (folded, foldedRMSE) = try train(.always)
    XCTAssertEqual(folded.parameters.map(\.name), plain.parameters.map(\.name))
    XCTAssertEqual(
      plain.parameters.map(\.name),
      [
        "user_embedding/embeddings", "movie_embedding/embeddings", "ratings/dense/kernel",
        "ratings/dense/bias", "ratings/dense_1/kernel", "ratings/dense_1/bias",
        "ratings/dense_2/kernel", "ratings/dense_2/bias",
      ])
    for (a, e) in zip(folded.parameters, plain.parameters) {
      let scale = e.value.scalars.map(abs).max() ?? 0
      let worst = zip(a.value.scalars, e.value.scalars).map { abs($0 - $1) }.max() ?? 0
      XCTAssertLessThan(worst, 1e-5 * max(scale, 1), a.name)
    }
    XCTAssertEqual(foldedRMSE, plainRMSE, accuracy: 1e-5)
  }
}
