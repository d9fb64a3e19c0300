import ArgumentParser
import Foundation
import Reel

/// `reel tutorial basic-retrieval|basic-ranking`: the TFRS basic tutorials, step by step.
struct Tutorial: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run the TFRS basic-retrieval or basic-ranking tutorial, explaining each step.",
    discussion: """
      The tutorials' recipe: embeddings of 32, Adagrad with learning rate 0.1, training \
      batches of 8192 and test batches of 4096, 3 epochs, an 80/20 split of the ratings \
      shuffled with the seed. Retrieval reports factorized top-k accuracy on the test split \
      and the top 3 movies for user 42; ranking reports RMSE. See Docs/Tutorials/.
      """)

  enum Name: String, ExpressibleByArgument, CaseIterable {
    case basicRetrieval = "basic-retrieval"
    case basicRanking = "basic-ranking"
  }

  @Argument(help: "basic-retrieval or basic-ranking.") var name: Name
  @Option(help: "MovieLens folder or .zip, or shards from reel preprocess.")
  var data = "Fixtures/movielens/ml-100k"
  @Option(help: "Seed of the split, the shuffles and the initialization.") var seed: UInt64 = 42
  @Option(help: "Epochs (the tutorials use 3).") var epochs = 3
  @Option(help: "The user whose recommendations retrieval prints.") var user = "42"
  @Flag(help: "Print one JSON object with the run's figures on stdout (steps to stderr).")
  var json = false
  @Option(help: "Also save the trained model as a model directory here.") var out: String?
  @Flag(
    inversion: .prefixedNo,
    help: "Retrieval: also compute the factorized top-k metrics in training steps (as TFRS does).")
  var trainingMetrics = true

  func run() throws {
    let start = ContinuousClock.now
    guard FileManager.default.fileExists(atPath: data) else {
      throw ValidationError(
        "\(data) not found: run reel tutorial from the repository root or pass --data PATH "
          + "(a MovieLens folder or .zip, or shards from reel preprocess movielens)")
    }
    let say: (String) -> Void = json ? TrainingOutput.note : { print($0) }
    let task: TutorialTask = name == .basicRetrieval ? .retrieval : .ranking
    var recipe = TrainingRecipe(task: task)
    recipe.seed = seed
    recipe.epochs = epochs
    recipe.trainingMetrics = trainingMetrics
    say("== TFRS \(name.rawValue) tutorial on \(data)")
    let ratings = try TutorialRatings(path: data)
    let loadSeconds = TrainingOutput.since(start)
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
    let total = TrainingOutput.since(start)
    if json {
      object["total_seconds"] = total
      try TrainingOutput.printJSON(object)
    } else {
      say("done in \(String(format: "%.2f", total)) s")
    }
  }
}
