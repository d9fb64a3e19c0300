import Foundation
import ReelPipeline
import ReelRecommenders
import ReelTensor

/// The training settings of the feature tutorials (TFRS's context-features defaults: batches
/// of 2048 reshuffled every epoch, test batches of 4096, Adagrad(0.1), 3 epochs).
///
///     var settings = FeatureTrainingSettings()
///     settings.epochs = 1
public struct FeatureTrainingSettings: Equatable, Sendable {
  public var epochs = 3
  public var batchSize = 2048
  public var testBatchSize = 4096
  public var learningRate: Float = 0.1
  public var embeddingDimension = 32
  /// Seeds the initialization and the batch shuffles.
  public var seed: UInt64 = 42
  /// Whether the training batches are reshuffled each epoch (`shuffle(100_000).batch(2048)`
  /// without `cache()`, as context-features does) or replay the first epoch's order.
  public var reshuffleEachEpoch = true
  /// Whether the retrieval loss gets the logQ correction (training-split title frequencies).
  public var logQCorrection = false
  /// Whether to also evaluate on the training split (the notebook's "train accuracy").
  public var evaluateTrain = true

  public init() {}
}

/// What one feature-retrieval run reached.
public struct FeatureRetrievalOutcome {
  public let model: FeatureRetrievalModel
  public let history: History
  /// `Trainer.evaluate` on the test split (full metric names).
  public let testMetrics: [String: Double]
  /// `Trainer.evaluate` on the training split, or empty when not asked for.
  public let trainMetrics: [String: Double]
  /// Seconds of training (without the evaluations).
  public let trainSeconds: Double

  /// The test top-k accuracy (`factorized_top_k/top_k_categorical_accuracy`).
  public func testTopK(_ k: Int) -> Double? {
    testMetrics["factorized_top_k/top_\(k)_categorical_accuracy"]
  }

  /// The training-split top-k accuracy.
  public func trainTopK(_ k: Int) -> Double? {
    trainMetrics["factorized_top_k/top_\(k)_categorical_accuracy"]
  }
}

/// Trains and evaluates one ``FeatureRetrievalModel`` variant on a split.
public enum FeatureRetrievalTraining {
  /// Builds the model (initialized from `settings.seed`), fits it on `split.train` and
  /// evaluates on the test (and training) split.
  ///
  /// - Throws: ``RecommenderError`` for an empty split; what the model and training throw.
  public static func run(
    split: RatingsSplit, featurizer: MovieLensFeaturizer, user: UserFeatures,
    movie: MovieFeatures, settings: FeatureTrainingSettings,
    callbacks: [any TrainingCallback] = []
  ) throws -> FeatureRetrievalOutcome {
    guard split.train.rowCount > 0, split.test.rowCount > 0 else {
      throw RecommenderError(
        component: "FeatureRetrievalTraining", reason: "the train and test splits need ratings")
    }
    var rng = SplitMix64(seed: settings.seed)
    let probabilities =
      settings.logQCorrection
      ? try FeatureRetrievalModel.titleFrequencies(split.train, featurizer: featurizer) : nil
    let model = try FeatureRetrievalModel(
      featurizer: featurizer, user: user, movie: movie,
      embeddingDimension: settings.embeddingDimension, samplingProbabilities: probabilities,
      using: &rng)
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
    let test = try trainer.evaluate(split.testBatches(batchSize: settings.testBatchSize))
    let train =
      settings.evaluateTrain
      ? try trainer.evaluate(
        RatingsSplit(train: split.test, test: split.train).testBatches(
          batchSize: settings.testBatchSize)) : [:]
    return FeatureRetrievalOutcome(
      model: model, history: history, testMetrics: test, trainMetrics: train,
      trainSeconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18)
  }
}
