import Foundation

/// TFRS's sequential-retrieval tutorial end to end: next-movie examples (see
/// ``SequentialRetrievalData``), the GRU query tower and embedding candidate tower of
/// ``SequentialRetrievalModel``, `fit` with Adagrad, `evaluate` on the test examples, and the
/// most-popular baseline (training label counts) on the same test examples.
///
///     let data = try SequentialRetrievalData(path: "Fixtures/movielens/ml-1m-sequential",
///                                            seed: 42)
///     let result = try SequentialRetrieval.run(data: data, configuration: .init())
///     result.topK[100]!, result.popularTopK[100]!   // model vs most-popular
public enum SequentialRetrieval {
  /// The recipe. Defaults are the tutorial's: embedding and GRU width 32, Adagrad(0.1),
  /// training batches of 12,800 (reshuffled each epoch, as `shuffle(10_000)` without
  /// `cache()`), test batches of 2,560, 3 epochs, factorized metrics in evaluation only.
  public struct Configuration: Sendable {
    public var seed: UInt64 = 42
    public var epochs = 3
    public var batchSize = 12_800
    public var testBatchSize = 2_560
    public var learningRate: Float = 0.1
    public var embeddingDimension = 32
    /// Whether the in-batch softmax gets the logQ correction (TFRS's
    /// `candidate_sampling_probability`) from the training labels' frequencies. The TFRS
    /// tutorial does not use it.
    public var logQCorrection = false
    public var ks = [1, 5, 10, 50, 100]

    public init() {}

    /// TFRS's batch of 12,800 scaled to a data set of `trainExamples`: the batch that gives
    /// about 70 steps per epoch, as 12,800 does on the roughly 900,000 training examples of
    /// the real ML-1M, rounded to a multiple of 128 and kept within 256...12,800. Small data
    /// then gets as many optimizer steps as the tutorial takes, not a handful.
    ///
    ///     Configuration.scaledBatchSize(trainExamples: 86_721)    // 1280
    ///     Configuration.scaledBatchSize(trainExamples: 900_000)   // 12800
    public static func scaledBatchSize(trainExamples: Int) -> Int {
      let batch = (Double(trainExamples) / 70 / 128).rounded() * 128
      return Swift.min(12_800, Swift.max(256, Int(batch)))
    }

    func validate() throws {
      func fail(_ reason: String) -> RecommenderError {
        RecommenderError(component: "SequentialRetrieval", reason: reason)
      }
      guard epochs >= 0 else { throw fail("epochs must be ≥ 0, got \(epochs)") }
      guard batchSize > 0, testBatchSize > 0 else {
        throw fail("batch sizes must be positive, got \(batchSize) and \(testBatchSize)")
      }
      guard learningRate > 0, learningRate.isFinite else {
        throw fail("the learning rate must be positive, got \(learningRate)")
      }
      guard embeddingDimension > 0 else { throw fail("the embedding dimension must be positive") }
    }
  }

  /// The figures of one run.
  public struct Result: Sendable {
    public let trainExamples: Int
    public let testExamples: Int
    public let movies: Int
    /// Test factorized top-k accuracy of the model, by k.
    public let topK: [Int: Double]
    /// Test top-k accuracy of the most-popular baseline, by k.
    public let popularTopK: [Int: Double]
    /// `evaluate`'s values under their full names (loss, metrics).
    public let metrics: [String: Double]
    public let history: History
    /// Seconds of `fit` and of the final evaluation.
    public let trainSeconds: Double
    public let evaluationSeconds: Double
  }

  /// Builds, trains and evaluates the model on `data`.
  ///
  /// - Throws: ``RecommenderError`` for a bad configuration; what training throws.
  public static func run(
    data: SequentialRetrievalData, configuration: Configuration,
    callbacks: [any TrainingCallback] = []
  ) throws -> Result {
    try configuration.validate()
    let examples = data.examples
    var rng = SplitMix64(seed: SeedSequence.derive(configuration.seed, 0x7365_71))
    let model = try SequentialRetrievalModel(
      movieIDs: data.movieIDs, contextLength: examples.configuration.maxContextLength,
      embeddingDimension: configuration.embeddingDimension, ks: configuration.ks, using: &rng)
    if configuration.logQCorrection {
      model.logQProbabilities = SequentialRetrievalModel.labelFrequencies(
        try examples.train.string("label_movie_id"))
    }
    let split = RatingsSplit(train: examples.train, test: examples.test)
    let trainer = Trainer(
      model: model, optimizer: Adagrad(learningRate: configuration.learningRate),
      callbacks: callbacks)
    let clock = ContinuousClock()
    var start = clock.now
    let history = try trainer.fit(
      train: split.trainBatches(
        batchSize: configuration.batchSize, seed: configuration.seed, reshuffleEachEpoch: true),
      epochs: configuration.epochs)
    let trainSeconds = seconds(clock.now - start)
    start = clock.now
    let metrics = try trainer.evaluate(split.testBatches(batchSize: configuration.testBatchSize))
    let evaluationSeconds = seconds(clock.now - start)
    let baseline = try PopularityBaseline(
      train: examples.train, candidates: data.movieIDs, column: "label_movie_id")
    let popular = try baseline.topKAccuracy(
      examples.test, ks: configuration.ks, column: "label_movie_id")
    var topK: [Int: Double] = [:]
    for k in configuration.ks {
      topK[k] = metrics["factorized_top_k/top_\(k)_categorical_accuracy"]
    }
    return Result(
      trainExamples: examples.train.rowCount, testExamples: examples.test.rowCount,
      movies: data.movieIDs.count, topK: topK, popularTopK: popular, metrics: metrics,
      history: history, trainSeconds: trainSeconds, evaluationSeconds: evaluationSeconds)
  }

  static func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
  }
}
