import Foundation
import ReelPipeline

/// What ``TutorialTraining/run(data:recipe:callbacks:)`` returns: the trained model (with its
/// index and seen items), the training history, the test metrics and timings.
public struct TutorialOutcome {
  public let recommender: TutorialRecommender
  public let history: History
  /// ``Trainer/evaluate(_:)`` on the test split: `loss`, `regularization_loss`, `total_loss`
  /// and the metrics under their full names (e.g.
  /// `factorized_top_k/top_100_categorical_accuracy`, `root_mean_squared_error`).
  public let metrics: [String: Double]
  public let trainRows: Int
  public let testRows: Int
  /// Seconds of each training epoch.
  public var epochSeconds: [Double] { history.epochs.map(\.seconds) }
  /// Seconds of the final evaluation (including building the candidate index).
  public let evaluationSeconds: Double

  /// The metrics under their short names: `loss`, `rmse` (ranking) or
  /// `top_K_categorical_accuracy` (retrieval), as `reel train --json` prints them.
  public var shortMetrics: [String: Double] {
    var out: [String: Double] = [:]
    for (name, value) in metrics {
      if name == "loss" || name == "regularization_loss" || name == "total_loss" {
        out[name] = value
      } else if name == "root_mean_squared_error" {
        out["rmse"] = value
      } else if let slash = name.lastIndex(of: "/") {
        out[String(name[name.index(after: slash)...])] = value
      } else {
        out[name] = value
      }
    }
    return out
  }
}

/// Runs a TFRS basic tutorial: split, build the model, `fit` for the recipe's epochs,
/// evaluate on the test split, build the retrieval index.
///
///     let data = try TutorialRatings(path: "Fixtures/movielens/ml-100k")
///     let outcome = try TutorialTraining.run(data: data, recipe: TrainingRecipe(task: .retrieval))
///     outcome.shortMetrics["top_100_categorical_accuracy"]
public enum TutorialTraining {
  /// - Parameter callbacks: training callbacks (e.g. a ``ProgressPrinter``).
  /// - Throws: ``RecommenderError`` for a bad recipe or an empty split; what training throws.
  public static func run(
    data: TutorialRatings, recipe: TrainingRecipe, callbacks: [any TrainingCallback] = []
  ) throws -> TutorialOutcome {
    try recipe.validate()
    let split = data.split(seed: recipe.seed, trainFraction: recipe.trainFraction)
    guard split.train.rowCount > 0, split.test.rowCount > 0 else {
      throw RecommenderError(
        component: data.path,
        reason: "too few ratings (\(data.ratings.rowCount)) for a train and a test split")
    }
    let recommender = try TutorialRecommender(
      recipe: recipe, users: data.userIDs, movies: data.movieTitles)
    try recommender.recordSeen(split.train)
    let trainer = Trainer(
      model: recommender.model,
      optimizer: recipe.optimizer.make(learningRate: recipe.learningRate), callbacks: callbacks)
    let history = try trainer.fit(
      train: split.trainBatches(
        batchSize: recipe.batchSize, seed: recipe.seed,
        reshuffleEachEpoch: recipe.reshuffleEachEpoch),
      epochs: recipe.epochs)
    let clock = ContinuousClock()
    let start = clock.now
    let metrics = try trainer.evaluate(split.testBatches(batchSize: recipe.testBatchSize))
    try recommender.buildIndex()
    return TutorialOutcome(
      recommender: recommender, history: history, metrics: metrics,
      trainRows: split.train.rowCount, testRows: split.test.rowCount,
      evaluationSeconds: seconds(clock.now - start))
  }

  /// Evaluates a trained model on the test split of `data` made with the model's seed.
  ///
  /// - Returns: the test metrics and the number of test rows.
  public static func evaluate(_ recommender: TutorialRecommender, data: TutorialRatings) throws
    -> (metrics: [String: Double], testRows: Int)
  {
    let recipe = recommender.recipe
    let split = data.split(seed: recipe.seed, trainFraction: recipe.trainFraction)
    let trainer = Trainer(
      model: recommender.model,
      optimizer: recipe.optimizer.make(learningRate: recipe.learningRate))
    let metrics = try trainer.evaluate(split.testBatches(batchSize: recipe.testBatchSize))
    return (metrics, split.test.rowCount)
  }
}
