import ArgumentParser
import Foundation
import Reel

extension Demo {
  /// The demo's second part: the MovieLens fixture's ratings → shards → the basic-retrieval
  /// tutorial model for `--train-epochs` epochs → test metrics and user 42's top 10.
  func trainRetrieval(shardsNextTo directory: String) throws {
    guard FileManager.default.fileExists(atPath: movielens) else {
      throw ValidationError(
        "\(movielens) not found: run reel demo from the repository root or pass --movielens")
    }
    let start = ContinuousClock.now
    let release = try TutorialRatings(path: movielens)
    let folder = directory + "-movielens"
    var options = ShardWriterOptions()
    options.overwrite = true
    options.fingerprint =
      "reel demo --movielens \(movielens) (user_id, movie_title, user_rating, timestamp)"
    let manifest = try Datasets.single(release.ratings).writeShards(to: folder, options: options)
    let data = try TutorialRatings(path: folder)
    print()
    print(
      "movielens: \(release.ratings.rowCount) ratings from \(movielens) → shards \(folder) "
        + "(\(manifest.bytes) bytes) → read back \(data.ratings == release.ratings ? "identical" : "DIFFERENT")"
    )
    var recipe = TrainingRecipe(task: .retrieval)
    recipe.epochs = trainEpochs
    recipe.seed = seed
    print(
      "basic retrieval: 80/20 split (seed \(seed)), embeddings of 32, Adagrad 0.1, "
        + "batches of 8192, \(trainEpochs) epochs")
    let outcome = try TutorialTraining.run(
      data: data, recipe: recipe, callbacks: [TrainingOutput.progress(json: false)])
    let m = outcome.shortMetrics
    let ks = [1, 5, 10, 50, 100]
    print(
      "test (\(outcome.testRows) ratings): "
        + ks.map {
          "top-\($0) \(String(format: "%.3f", m["top_\($0)_categorical_accuracy"] ?? .nan))"
        }
        .joined(separator: ", "))
    let r = outcome.recommender
    let user = r.knows(user: "42") ? "42" : r.users[0]
    print("top 10 for user \(user) (movies rated in training excluded):")
    TrainingOutput.printRecommendations(try r.recommend(user: user, k: 10, excludeSeen: true))
    print("basic retrieval done in \(String(format: "%.2f", TrainingOutput.since(start))) s")
  }
}
