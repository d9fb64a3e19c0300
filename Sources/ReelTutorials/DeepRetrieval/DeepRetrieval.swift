import Foundation

/// TFRS's deep-recommenders tutorial end to end: the context features of
/// ``MovieLensFeaturizer`` (sorted user vocabulary, as the tutorial passes
/// `vocabulary=unique_user_ids`), then one ``FeatureRetrievalModel`` per depth whose towers
/// (timestamps; title words) end in Dense stacks of `[32]`, `[64, 32]` or `[128, 64, 32]`,
/// trained with Adagrad on the same 80/20 split, validated every few epochs
/// (Keras's `validation_freq=5`), and the most-popular baseline on the same test ratings.
///
///     let data = try TutorialRatings(path: "Fixtures/movielens/ml-100k")
///     var configuration = DeepRetrieval.Configuration()
///     configuration.epochs = 6
///     let result = try DeepRetrieval.run(data: data, configuration: configuration)
///     result.depths.map { $0.topK[100]! }   // one figure per depth
public enum DeepRetrieval {
  /// The recipe. Defaults are the tutorial's except the epoch count (TFRS trains 300; 6 keeps
  /// the three depths near a minute on ml-100k in a release build) and the validation
  /// frequency is 5 as in TFRS.
  public struct Configuration: Sendable {
    public var seed: UInt64 = 42
    public var epochs = 6
    public var batchSize = 2_048
    public var testBatchSize = 4_096
    public var learningRate: Float = 0.1
    public var validationFrequency = 5
    public var trainFraction = 0.8
    public var layerSizes: [[Int]] = [[32], [64, 32], [128, 64, 32]]
    /// Whether the in-batch softmax gets the logQ correction from training title
    /// frequencies (the TFRS tutorial does not use it).
    public var logQCorrection = false
    public var ks = [1, 5, 10, 50, 100]

    public init() {}

    func validate() throws {
      func fail(_ reason: String) -> RecommenderError {
        RecommenderError(component: "DeepRetrieval", reason: reason)
      }
      guard epochs >= 1 else { throw fail("epochs must be ≥ 1, got \(epochs)") }
      guard batchSize > 0, testBatchSize > 0 else {
        throw fail("batch sizes must be positive, got \(batchSize) and \(testBatchSize)")
      }
      guard learningRate > 0, learningRate.isFinite else {
        throw fail("the learning rate must be positive, got \(learningRate)")
      }
      guard validationFrequency >= 1 else { throw fail("validationFrequency must be ≥ 1") }
      guard trainFraction > 0, trainFraction < 1 else {
        throw fail("trainFraction must be in (0, 1), got \(trainFraction)")
      }
      guard !layerSizes.isEmpty, ks.contains(100) else {
        throw fail("needs at least one depth, and ks must contain 100")
      }
    }
  }

  /// The figures of one depth.
  public struct DepthResult: Sendable {
    public let layerSizes: [Int]
    /// Test factorized top-k accuracy after the last epoch, by k.
    public let topK: [Int: Double]
    /// Validation top-100 accuracy by epoch (every `validationFrequency` epochs and the last).
    public let validationTop100: [(epoch: Int, value: Double)]
    public let trainSeconds: Double
    public let history: History
  }

  /// The figures of the whole run.
  public struct Result: Sendable {
    public let trainRows: Int
    public let testRows: Int
    public let depths: [DepthResult]
    /// Most-popular top-k accuracy on the test ratings, by k.
    public let popularTopK: [Int: Double]
  }

  static let top100 = "factorized_top_k/top_100_categorical_accuracy"

  /// Adapts the features on `data`, then trains and evaluates one model per depth.
  ///
  /// - Parameter willTrain: called before each depth is trained (for progress output).
  /// - Throws: ``RecommenderError`` for a bad configuration or empty split; what training
  ///   throws.
  public static func run(
    data: TutorialRatings, configuration: Configuration,
    callbacks: [any TrainingCallback] = [], willTrain: ([Int]) -> Void = { _ in }
  ) throws -> Result {
    try configuration.validate()
    let featurizer = try MovieLensFeaturizer(data: data, userVocabulary: .sorted)
    let split = data.split(seed: configuration.seed, trainFraction: configuration.trainFraction)
    guard split.train.rowCount > 0, split.test.rowCount > 0 else {
      throw RecommenderError(
        component: data.path, reason: "too few ratings for a train and a test split")
    }
    var probabilities: [Float]?
    if configuration.logQCorrection {
      // Each title's share of the training ratings (0 for titles without any), by lookup index.
      let shares = SequentialRetrievalModel.labelFrequencies(try split.train.string("movie_title"))
      probabilities = featurizer.titleLookup.vocabulary.map { shares[$0] ?? 0 }
    }
    var depths: [DepthResult] = []
    for (index, sizes) in configuration.layerSizes.enumerated() {
      willTrain(sizes)
      var rng = SplitMix64(seed: SeedSequence.derive(configuration.seed, 0x6465_6570, UInt64(index)))
      let model = try FeatureRetrievalModel(
        featurizer: featurizer, user: [.timestamps], movie: [.titleText], layerSizes: sizes,
        ks: configuration.ks, samplingProbabilities: probabilities, using: &rng)
      let validation = PeriodicValidation(
        data: split.testBatches(batchSize: configuration.testBatchSize),
        frequency: configuration.validationFrequency)
      let trainer = Trainer(
        model: model, optimizer: Adagrad(learningRate: configuration.learningRate),
        callbacks: callbacks + [validation])
      let clock = ContinuousClock()
      let start = clock.now
      let history = try trainer.fit(
        train: split.trainBatches(
          batchSize: configuration.batchSize, seed: configuration.seed, reshuffleEachEpoch: true),
        epochs: configuration.epochs)
      if let error = validation.error { throw error }
      let trainSeconds = SequentialRetrieval.seconds(clock.now - start)
      guard let last = validation.records.last else {
        throw RecommenderError(component: "DeepRetrieval", reason: "no validation ran")
      }
      var topK: [Int: Double] = [:]
      for k in configuration.ks {
        topK[k] = last.values["factorized_top_k/top_\(k)_categorical_accuracy"]
      }
      depths.append(
        DepthResult(
          layerSizes: sizes, topK: topK,
          validationTop100: validation.records.map { ($0.epoch, $0.values[top100] ?? .nan) },
          trainSeconds: trainSeconds, history: history))
    }
    let popular = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
      .topKAccuracy(split.test, ks: configuration.ks)
    return Result(
      trainRows: split.train.rowCount, testRows: split.test.rowCount, depths: depths,
      popularTopK: popular)
  }
}
