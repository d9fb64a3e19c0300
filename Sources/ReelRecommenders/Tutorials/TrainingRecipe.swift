import ReelTensor

/// Which of the two basic tutorial models to train.
public enum TutorialTask: String, Codable, CaseIterable, Sendable {
  /// ``BasicRetrievalModel``: two embedding towers, in-batch softmax, factorized top-k.
  case retrieval
  /// ``BasicRankingModel``: embeddings and an MLP regressing `user_rating`, RMSE.
  case ranking
}

/// The optimizers the tutorials and `reel train` offer.
public enum OptimizerKind: String, Codable, CaseIterable, Sendable {
  case adagrad, sgd, adam

  /// A fresh optimizer of this kind with Keras's defaults and `learningRate`.
  public func make(learningRate: Float) -> any Optimizer {
    switch self {
    case .adagrad: return Adagrad(learningRate: learningRate)
    case .sgd: return SGD(learningRate: learningRate)
    case .adam: return Adam(learningRate: learningRate)
    }
  }
}

/// The hyperparameters of a tutorial training run; the defaults are the TFRS basic
/// tutorials' (embedding 32, Adagrad 0.1, batches of 8192 for training and 4096 for
/// evaluation, 3 epochs, seed 42, an 80/20 split).
///
///     var recipe = TrainingRecipe(task: .retrieval)
///     recipe.epochs = 5
public struct TrainingRecipe: Codable, Equatable, Sendable {
  public var task: TutorialTask
  public var epochs = 3
  public var batchSize = 8192
  public var testBatchSize = 4096
  public var embeddingDimension = 32
  public var learningRate: Float = 0.1
  public var optimizer = OptimizerKind.adagrad
  /// Seeds the split, the per-epoch shuffles and the weight initialization.
  public var seed: UInt64 = 42
  public var trainFraction = 0.8
  /// Retrieval: whether training steps also compute the factorized top-k metrics, as the TFRS
  /// tutorial does (`compute_metrics` defaults to `True`); `false` trains faster.
  public var trainingMetrics = true
  /// Whether the training batches are reshuffled every epoch; `false` (the tutorials' order:
  /// `shuffle(...).batch(...).cache()` replays the first epoch's order) by default.
  public var reshuffleEachEpoch = false

  public init(task: TutorialTask) { self.task = task }

  /// - Throws: ``RecommenderError`` naming the first value out of range.
  public func validate() throws {
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: "TrainingRecipe", reason: reason)
    }
    guard epochs >= 0 else { throw fail("epochs must be ≥ 0, got \(epochs)") }
    guard batchSize > 0, testBatchSize > 0 else {
      throw fail("batch sizes must be > 0, got \(batchSize) and \(testBatchSize)")
    }
    guard embeddingDimension > 0 else {
      throw fail("the embedding dimension must be > 0, got \(embeddingDimension)")
    }
    guard learningRate > 0, learningRate.isFinite else {
      throw fail("the learning rate must be a positive number, got \(learningRate)")
    }
    guard trainFraction > 0, trainFraction < 1 else {
      throw fail("the train fraction must be in (0, 1), got \(trainFraction)")
    }
  }
}
