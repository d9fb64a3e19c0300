import Foundation
import Reel

/// `reel tutorial context-features`: TFRS's context-features tutorial, step by step.
enum ContextFeaturesTutorialRunner: TutorialRunner {
  static let name = "context-features"
  static let summary = "user model with and without timestamp features, MovieLens 100K"

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k-context/ml-100k")
    let (path, say) = (run.path, run.say)
    let settings = options.settings(FeatureTrainingSettings())
    let data = try TutorialRatings(path: path)
    say(
      "1. Read the ratings: \(data.ratings.rowCount) ratings, \(data.userIDs.count) users, "
        + "\(data.movieTitles.count) movie titles; split 80/20 with seed \(settings.seed)")
    say(
      "2. Features: StringLookup(user_id) → Embedding(32); timestamp → Discretization(1000 "
        + "linspace boundaries) → Embedding(32) and Normalization(axis=None); movie_title → "
        + "StringLookup → Embedding(32) and TextVectorization(max_tokens 10000) → "
        + "Embedding(10000, 32, mask_zero) → GlobalAveragePooling1D")
    say(
      "3. Model: query = concat(user features) → Dense(32); candidate = concat(title "
        + "embedding, title words) → Dense(32); Retrieval task, FactorizedTopK over every title")
    say(
      "4. Fit each variant: \(settings.epochs) epochs, batches of \(settings.batchSize) "
        + "reshuffled every epoch (not cached), Adagrad(\(settings.learningRate)); evaluate "
        + "on the test split (batches of \(settings.testBatchSize)) and on the training split")
    let result = try ContextFeaturesTutorial.run(
      data: data, settings: settings, callbacks: [TrainingOutput.progress(json: options.json)],
      willTrain: { user in
        say(user.contains(.timestamps) ? "-- with timestamps" : "-- without timestamps")
      })
    func f(_ x: Double?) -> String { String(format: "%.4f", x ?? .nan) }
    say("5. Top-100 accuracy (TFRS's notebook: without 0.30 train / 0.21 test; with 0.37 / 0.25):")
    say(
      "   without timestamps: train \(f(result.withoutTimestamps.trainTopK(100))), test "
        + "\(f(result.withoutTimestamps.testTopK(100)))")
    say(
      "   with timestamps:    train \(f(result.withTimestamps.trainTopK(100))), test "
        + "\(f(result.withTimestamps.testTopK(100)))")
    say(
      "   gain from context: \(String(format: "%+.4f", result.gain)) test top-100; most-popular "
        + "baseline: \(f(result.popular[100]))")
    var object: [String: Any] = [
      "train_rows": result.trainRows, "test_rows": result.testRows,
      "epochs": settings.epochs, "timestamp_gain_top_100": result.gain,
      "popular_top_10_categorical_accuracy": result.popular[10] ?? 0,
      "popular_top_100_categorical_accuracy": result.popular[100] ?? 0,
    ]
    for (prefix, outcome) in [
      ("without_timestamps", result.withoutTimestamps), ("with_timestamps", result.withTimestamps),
    ] {
      for k in [1, 5, 10, 50, 100] {
        object["\(prefix)_test_top_\(k)"] = outcome.testTopK(k) ?? 0
        object["\(prefix)_train_top_\(k)"] = outcome.trainTopK(k) ?? 0
      }
      object["\(prefix)_train_seconds"] = outcome.trainSeconds
    }
    if let out = options.out {
      try AtomicFile.write(Data(result.chartSVG().utf8), to: URL(fileURLWithPath: out))
      say("wrote the test top-k chart (SVG) to \(out)")
    }
    try run.finish { _ in object }
  }
}
