import Foundation
import Reel

/// `reel tutorial basic-retrieval`: TFRS's basic retrieval tutorial, step by step.
enum BasicRetrievalTutorial: TutorialRunner {
  static let name = "basic-retrieval"
  static let summary = "two-tower retrieval, MovieLens 100K"
  static func run(_ options: TutorialOptions) throws {
    try BasicTutorial.run(task: .retrieval, options)
  }
}

/// `reel tutorial basic-ranking`: TFRS's basic ranking tutorial, step by step.
enum BasicRankingTutorial: TutorialRunner {
  static let name = "basic-ranking"
  static let summary = "rating prediction, MovieLens 100K"
  static func run(_ options: TutorialOptions) throws {
    try BasicTutorial.run(task: .ranking, options)
  }
}

/// The shared walkthrough of the two basic tutorials: same data, split and recipe.
enum BasicTutorial {
  /// Runs the tutorial of `task` with `options`.
  static func run(task: TutorialTask, _ options: TutorialOptions) throws {
    let name = task == .retrieval ? BasicRetrievalTutorial.name : BasicRankingTutorial.name
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k")
    let (data, say) = (run.path, run.say)
    let (seed, json, out, user) = (options.seed, options.json, options.out, options.user)
    var recipe = options.settings(TrainingRecipe(task: task), epochs: 3)
    recipe.trainingMetrics = options.trainingMetrics
    let epochs = recipe.epochs
    let ratings = try TutorialRatings(path: data)
    let loadSeconds = run.elapsed
    let n = ratings.ratings.rowCount
    let trainRows = Int((Double(n) * recipe.trainFraction).rounded(.down))
    say(
      "1. Read the ratings (\(ratings.origin.rawValue)): \(n) ratings with user_id, movie_title, "
        + "user_rating, timestamp; \(ratings.userIDs.count) users, "
        + "\(ratings.movieTitles.count) movie titles (\(String(format: "%.2f", loadSeconds)) s)")
    say(
      "2. Split: shuffle all ratings with seed \(seed); the first 80% (\(trainRows)) train, "
        + "the rest (\(n - trainRows)) test")
    if task == .retrieval {
      say(
        "3. Model: query tower StringLookup(user_id) → Embedding(users + 1, 32); candidate tower "
          + "StringLookup(movie_title) → Embedding(movies + 1, 32); Retrieval task (in-batch "
          + "softmax) with FactorizedTopK over all \(ratings.movieTitles.count) movies")
    } else {
      say(
        "3. Model: StringLookup + Embedding(·, 32) for user_id and movie_title, concatenated → "
          + "Dense 256 relu → Dense 64 relu → Dense 1; Ranking task (mean squared error) with RMSE")
    }
    say(
      "4. Fit: \(epochs) epochs over batches of \(recipe.batchSize) (one shuffle, replayed each epoch as the tutorial's cache() does), "
        + "Adagrad(learning rate \(recipe.learningRate))")
    let outcome = try TutorialTraining.run(
      data: ratings, recipe: recipe, callbacks: [TrainingOutput.progress(json: json)])
    say("5. Evaluate on the test split (batches of \(recipe.testBatchSize)):")
    TrainingOutput.metricLines(outcome.shortMetrics).forEach(say)
    var object = TrainingOutput.summary(
      task: task, outcome: outcome, totalSeconds: 0, loadSeconds: loadSeconds)
    if task == .retrieval {
      let split = ratings.split(seed: seed, trainFraction: recipe.trainFraction)
      let baseline = try PopularityBaseline(train: split.train, candidates: ratings.movieTitles)
        .topKAccuracy(split.test, ks: [10, 100])
      say(
        "   (most-popular baseline on the same split: top_10 "
          + "\(String(format: "%.4f", baseline[10]!)), top_100 \(String(format: "%.4f", baseline[100]!)))"
      )
      object["popular_top_10_categorical_accuracy"] = baseline[10]!
      object["popular_top_100_categorical_accuracy"] = baseline[100]!
      let r = outcome.recommender
      let who = r.knows(user: user) ? user : r.users[0]
      say(
        "6. Recommend: a BruteForce index over the \(r.movies.count) movie embeddings; top 3 for "
          + "user \"\(who)\"\(who == user ? "" : " (user \"\(user)\" is not in this data)"):")
      let top = try r.recommend(user: who, k: 3)
      for (i, item) in top.enumerated() {
        say("  \(i + 1). \(item.title)  (\(String(format: "%.4f", item.score)))")
      }
      object["recommendations"] = top.map(\.title)
      object["recommendations_user"] = who
    }
    if let out = out {
      try ModelDirectory.save(outcome, data: ratings, to: URL(fileURLWithPath: out))
      say("saved the model to \(out) (reel recommend --model \(out) --user \(user))")
    }
    try run.finish { _ in object }
  }
}
