import Foundation

/// TFRS's listwise-ranking tutorial end to end: one ``ListwiseRankingModel`` per loss (mean
/// squared, pairwise hinge, ListMLE), trained on the same lists and compared on the test
/// lists' NDCG and RMSE, next to two orderings that learn nothing (random, and by the number
/// of train ratings). The test lists are evaluated after every epoch, so each model also
/// reports its NDCG curve.
///
///     let data = try ListwiseData(path: "Fixtures/movielens/ml-100k")
///     let result = try ListwiseTutorial.run(data: data, settings: .init()) { print($0) }
///     result.models.map(\.ndcg)
public enum ListwiseTutorial {
  /// The recipe (the tutorial's values unless noted).
  public struct Settings: Sendable {
    public var seed: UInt64 = 42
    /// Adagrad's learning rate (0.1).
    public var learningRate: Float = 0.1
    /// Epochs (30).
    public var epochs = 30
    /// Train and test batch sizes (8192 / 4096).
    public var batchSize = 8192
    public var testBatchSize = 4096
    public init() {}
  }

  /// One model's test figures.
  public struct ModelResult: Sendable {
    public var loss: String
    public var ndcg: Double
    public var rmse: Double
    public var seconds: Double
    /// The test NDCG after each epoch (Keras's `validation_freq=1`); the last is `ndcg`.
    public var ndcgByEpoch: [Double]
  }

  /// Everything the tutorial reports.
  public struct Result: Sendable {
    public var models: [ModelResult] = []
    /// NDCG of random scores (mean over 20 draws) and of train-popularity scores.
    public var randomNDCG = 0.0
    public var popularityNDCG = 0.0
    public init() {}
  }

  /// The three losses in the tutorial's order, fresh.
  public static func losses(seed: UInt64) -> [any ListRankingLoss] {
    [RankingMeanSquaredLoss(), PairwiseHingeLoss(), ListMLELoss(seed: seed)]
  }

  /// Trains and evaluates one model per loss.
  ///
  /// - Throws: what training throws.
  public static func run(
    data: ListwiseData, settings: Settings, say: (String) -> Void = { _ in }
  ) throws -> Result {
    var result = Result()
    let (random, popular) = try baselines(data: data, seed: settings.seed)
    result.randomNDCG = random
    result.popularityNDCG = popular
    let split = RatingsSplit(train: data.train, test: data.test)
    let train = split.trainBatches(
      batchSize: settings.batchSize, seed: settings.seed, reshuffleEachEpoch: false)
    let test = split.testBatches(batchSize: settings.testBatchSize)
    for loss in losses(seed: settings.seed) {
      let start = ContinuousClock.now
      var rng = SplitMix64(seed: settings.seed)
      let model = try ListwiseRankingModel(
        users: data.userIDs, movies: data.movieTitles, loss: loss, using: &rng)
      let validation = PeriodicValidation(data: test, frequency: 1)
      let trainer = Trainer(
        model: model, optimizer: Adagrad(learningRate: settings.learningRate),
        callbacks: [validation])
      try trainer.fit(train: train, epochs: settings.epochs)
      if let error = validation.error { throw error }
      let metrics = try validation.records.last?.values ?? trainer.evaluate(test)
      let c = (ContinuousClock.now - start).components
      let r = ModelResult(
        loss: loss.name, ndcg: metrics["ndcg_metric"] ?? .nan,
        rmse: metrics["root_mean_squared_error"] ?? .nan,
        seconds: Double(c.seconds) + Double(c.attoseconds) * 1e-18,
        ndcgByEpoch: validation.records.map { $0.values["ndcg_metric"] ?? .nan })
      result.models.append(r)
      say(
        "   \(r.loss.padding(toLength: 20, withPad: " ", startingAt: 0)) NDCG "
          + "\(String(format: "%.4f", r.ndcg))  RMSE \(String(format: "%.4f", r.rmse))  "
          + "(\(String(format: "%.1f", r.seconds)) s)")
    }
    return result
  }

  /// The test NDCG of random scores (mean over 20 seeded draws) and of scores equal to each
  /// movie's number of train ratings.
  public static func baselines(data: ListwiseData, seed: UInt64) throws -> (random: Double, popularity: Double) {
    let titles = try data.test.column("movie_title")
    let ratings = try data.test.column("user_rating")
    guard let names = titles.stringValues, let labels = ratings.floatValues,
      let offsets = titles.listOffsets
    else { throw RecommenderError(component: "ListwiseTutorial", reason: "bad test lists") }
    let lists = data.test.rowCount
    let size = lists == 0 ? 0 : offsets[1] - offsets[0]
    let popularity = names.map { Float(data.trainCounts[$0] ?? 0) }
    let ndcgPopular = NDCGMetric(seed: seed)
    try ndcgPopular.update(
      labels: Tensor(shape: [lists, size], scalars: labels),
      predictions: Tensor(shape: [lists, size], scalars: popularity))
    var rng = SplitMix64(seed: SeedSequence.derive(seed, 7))
    let ndcgRandom = NDCGMetric(seed: seed)
    for _ in 0..<20 {
      let scores = labels.map { _ in Float(rng.next(below: 1 << 24)) }
      try ndcgRandom.update(
        labels: Tensor(shape: [lists, size], scalars: labels),
        predictions: Tensor(shape: [lists, size], scalars: scores))
    }
    return (Double(ndcgRandom.result), Double(ndcgPopular.result))
  }
}
