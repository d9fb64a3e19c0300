import Foundation
import ReelPipeline
import ReelRecommenders
import ReelTensor

/// One loss weighting of the multitask tutorial and what it reached on the test split.
public struct MultitaskRun {
  public let ratingWeight: Float
  public let retrievalWeight: Float
  public let history: History
  /// `Trainer.evaluate` on the test split (full metric names).
  public let testMetrics: [String: Double]
  public let trainSeconds: Double

  /// Test factorized top-100 accuracy.
  public var top100: Double { testMetrics["factorized_top_k/top_100_categorical_accuracy"] ?? .nan }
  /// Test RMSE of the rating model.
  public var rmse: Double { testMetrics["root_mean_squared_error"] ?? .nan }
}

/// What `reel tutorial multitask` reaches: the three weightings side by side, and the
/// baselines (most-popular top-100, RMSE of predicting the mean training rating).
public struct MultitaskResult {
  /// Rating-only (1, 0), retrieval-only (0, 1), joint (1, 1), in that order.
  public let runs: [MultitaskRun]
  public let popularTop100: Double
  public let meanRatingRMSE: Double
}

/// TFRS's multitask tutorial: one model, trained three times with loss weights (rating,
/// retrieval) = (1, 0), (0, 1), (1, 1); Adagrad(0.1), batches of 8192 (cached: every epoch
/// replays the first one's order), test batches of 4096, 3 epochs.
///
///     let result = try MultitaskTutorial.run(data: data)
///     result.runs[2].top100, result.runs[2].rmse
public enum MultitaskTutorial {
  /// The tutorial's weightings, in its order.
  public static let weights: [(rating: Float, retrieval: Float)] = [(1, 0), (0, 1), (1, 1)]

  /// The tutorial's settings: batches of 8192 replayed each epoch, 3 epochs, Adagrad(0.1).
  public static var defaultSettings: FeatureTrainingSettings {
    var s = FeatureTrainingSettings()
    s.batchSize = 8192
    s.reshuffleEachEpoch = false
    s.evaluateTrain = false
    return s
  }

  /// Trains and evaluates each weighting from the same seed on the same 80/20 split.
  ///
  /// - Parameter willTrain: called before each weighting with (rating, retrieval).
  /// - Throws: what the featurizer, the model and training throw.
  public static func run(
    data: TutorialRatings, settings: FeatureTrainingSettings = defaultSettings,
    weights: [(rating: Float, retrieval: Float)] = weights,
    callbacks: [any TrainingCallback] = [], willTrain: (Float, Float) -> Void = { _, _ in }
  ) throws -> MultitaskResult {
    let featurizer = try MovieLensFeaturizer(data: data)
    let split = data.split(seed: settings.seed)
    var runs: [MultitaskRun] = []
    for (ratingWeight, retrievalWeight) in weights {
      willTrain(ratingWeight, retrievalWeight)
      var rng = SplitMix64(seed: settings.seed)
      let model = try MultitaskModel(
        featurizer: featurizer, ratingWeight: ratingWeight, retrievalWeight: retrievalWeight,
        embeddingDimension: settings.embeddingDimension, using: &rng)
      let trainer = Trainer(
        model: model, optimizer: Adagrad(learningRate: settings.learningRate),
        callbacks: callbacks)
      let clock = ContinuousClock()
      let start = clock.now
      let history = try trainer.fit(
        train: split.trainBatches(
          batchSize: settings.batchSize, seed: settings.seed,
          reshuffleEachEpoch: settings.reshuffleEachEpoch),
        epochs: settings.epochs)
      let elapsed = (clock.now - start).components
      let metrics = try trainer.evaluate(split.testBatches(batchSize: settings.testBatchSize))
      runs.append(
        MultitaskRun(
          ratingWeight: ratingWeight, retrievalWeight: retrievalWeight, history: history,
          testMetrics: metrics,
          trainSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18))
    }
    let popular = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
      .topKAccuracy(split.test, ks: [100])
    return MultitaskResult(
      runs: runs, popularTop100: popular[100] ?? 0,
      meanRatingRMSE: try meanRatingRMSE(split))
  }

  /// The test RMSE of predicting every rating as the training split's mean rating.
  public static func meanRatingRMSE(_ split: RatingsSplit) throws -> Double {
    let train = try split.train.float("user_rating")
    let test = try split.test.float("user_rating")
    let mean = train.reduce(0.0) { $0 + Double($1) } / Double(max(1, train.count))
    let squares = test.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) }
    return (squares / Double(max(1, test.count))).squareRoot()
  }
}

extension MultitaskResult {
  /// Two bar groups (SVG): test top-100 accuracy and RMSE of each weighting.
  public func chartSVG() -> String {
    GroupedBarChart.svg(
      title: "multitask: test top-100 accuracy and RMSE by loss weights (rating, retrieval)",
      categories: ["top-100 accuracy", "RMSE"],
      series: runs.map { run in
        ("(\(Int(run.ratingWeight)), \(Int(run.retrievalWeight)))", [run.top100, run.rmse])
      })
  }
}
