import Foundation
import Reel

/// `reel tutorial listwise-ranking`: TFRS's listwise ranking tutorial, step by step.
enum ListwiseRankingTutorialRunner: TutorialRunner {
  static let name = "listwise-ranking"
  static let summary = "lists of 5 movies per user; MSE vs pairwise hinge vs ListMLE on NDCG"

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k")
    let (path, say) = (run.path, run.say)
    // TFRS trains 30 epochs; 10 keep the three models near a minute (--epochs 30 for the recipe).
    let settings = options.settings(ListwiseTutorial.Settings(), epochs: 10)
    let data = try ListwiseData(path: path, seed: settings.seed)
    say(
      "1. Split the ratings 80/20 (seed \(settings.seed)); lists of 5 rated movies per user: "
        + "50 per user from train (\(data.train.rowCount) lists), 1 from test "
        + "(\(data.test.rowCount) lists); \(data.userIDs.count) users, "
        + "\(data.movieTitles.count) titles")
    say(
      "2. Model: StringLookup (mask \"\", OOV) + Embedding(N + 2, 32) for user_id and each "
        + "movie_title; user embedding repeated per movie, concatenated → Dense 256 relu → 64 "
        + "relu → 1 score per movie; metrics NDCG and RMSE over the lists")
    say(
      "3. Fit one model per loss (mean squared, pairwise hinge, ListMLE as tensorflow_ranking "
        + "defines them): \(settings.epochs) epochs, batches of \(settings.batchSize), "
        + "Adagrad(\(settings.learningRate)); evaluate on the test lists (batches of "
        + "\(settings.testBatchSize)):")
    let result = try ListwiseTutorial.run(data: data, settings: settings, say: say)
    say(
      "   (orderings that learn nothing: random NDCG \(String(format: "%.4f", result.randomNDCG)), "
        + "by train popularity \(String(format: "%.4f", result.popularityNDCG)))")
    if let best = result.models.max(by: { $0.ndcg < $1.ndcg }) {
      say("4. Highest NDCG: \(best.loss)")
    }
    say("   test NDCG after each epoch:")
    for m in result.models {
      say(
        "   \(m.loss.padding(toLength: 20, withPad: " ", startingAt: 0)) "
          + m.ndcgByEpoch.map { String(format: "%.4f", $0) }.joined(separator: " "))
    }
    if let out = options.out {
      let svg = SeriesPlot.svg(
        title: "test NDCG after each epoch", xLabel: "epoch",
        series: result.models.map { m in
          (m.loss, m.ndcgByEpoch.enumerated().map { (Double($0.offset + 1), $0.element) })
        } + [("random", [(1, result.randomNDCG), (Double(settings.epochs), result.randomNDCG)])])
      try AtomicFile.write(Data(svg.utf8), to: URL(fileURLWithPath: out))
      say("wrote the NDCG curves to \(out)")
    }
    try run.finish { _ in
      var object: [String: Any] = [
        "random_ndcg": result.randomNDCG, "popularity_ndcg": result.popularityNDCG,
        "train_lists": data.train.rowCount, "test_lists": data.test.rowCount,
        "epochs": settings.epochs,
      ]
      for m in result.models {
        object[m.loss + "_ndcg"] = m.ndcg
        object[m.loss + "_rmse"] = m.rmse
        object[m.loss + "_ndcg_by_epoch"] = m.ndcgByEpoch
      }
      return object
    }
  }
}
