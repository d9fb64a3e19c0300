import Foundation
import Reel

/// `reel tutorial multitask`: TFRS's multitask tutorial, step by step.
enum MultitaskTutorialRunner: TutorialRunner {
  static let name = "multitask"
  static let summary = "joint retrieval + rating model, loss weights (1,0) (0,1) (1,1), MovieLens 100K"

  /// TFRS's rendered figures per weighting: (top-100, RMSE).
  static let tfrs: [String: (Double, Double)] = [
    "1,0": (0.060, 1.113), "0,1": (0.233, 3.688), "1,1": (0.235, 1.110),
  ]

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k")
    let (path, say) = (run.path, run.say)
    let settings = options.settings(MultitaskTutorial.defaultSettings)
    let data = try TutorialRatings(path: path)
    say(
      "1. Read the ratings: \(data.ratings.rowCount) ratings, \(data.userIDs.count) users, "
        + "\(data.movieTitles.count) movie titles; split 80/20 with seed \(settings.seed)")
    say(
      "2. Model: StringLookup + Embedding(32) for user_id and movie_title, shared by a rating "
        + "model (concat → Dense 256 relu → 128 relu → 1; MSE, RMSE) and a retrieval task "
        + "(in-batch softmax, FactorizedTopK over every title)")
    say(
      "3. Loss = rating_weight · rating loss + retrieval_weight · retrieval loss; for each "
        + "weighting: \(settings.epochs) epochs, batches of \(settings.batchSize) (one shuffle, "
        + "replayed each epoch as cache() does), Adagrad(\(settings.learningRate))")
    let result = try MultitaskTutorial.run(
      data: data, settings: settings, callbacks: [TrainingOutput.progress(json: options.json)],
      willTrain: { say("-- weights (rating, retrieval) = (\(Int($0)), \(Int($1)))") })
    func f(_ x: Double) -> String { String(format: "%.4f", x) }
    say("4. Test figures             top-100    RMSE   | TFRS top-100   RMSE")
    var object: [String: Any] = [
      "epochs": settings.epochs, "popular_top_100_categorical_accuracy": result.popularTop100,
      "mean_rating_rmse": result.meanRatingRMSE,
    ]
    for run in result.runs {
      let key = "\(Int(run.ratingWeight)),\(Int(run.retrievalWeight))"
      let label = ["1,0": "rating only   ", "0,1": "retrieval only", "1,1": "joint         "][key] ?? key
      let reference = tfrs[key].map { "   \(String(format: "%.3f", $0.0))      \(String(format: "%.3f", $0.1))" } ?? ""
      say("   \(label) (\(key))   \(f(run.top100))   \(f(run.rmse))  |\(reference)")
      let prefix = "weights_\(Int(run.ratingWeight))_\(Int(run.retrievalWeight))"
      object["\(prefix)_top_100_categorical_accuracy"] = run.top100
      object["\(prefix)_rmse"] = run.rmse
      object["\(prefix)_train_seconds"] = run.trainSeconds
    }
    say(
      "   baselines: most-popular top-100 \(f(result.popularTop100)); predicting the mean "
        + "training rating: RMSE \(f(result.meanRatingRMSE))")
    if let out = options.out {
      try AtomicFile.write(Data(result.chartSVG().utf8), to: URL(fileURLWithPath: out))
      say("wrote the chart (SVG) to \(out)")
    }
    try run.finish { _ in object }
  }
}
