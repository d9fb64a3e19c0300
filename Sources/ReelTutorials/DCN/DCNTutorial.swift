import Foundation

/// TFRS's "Deep & Cross Network" tutorial, end to end: the toy example (a one-layer cross
/// network against a large ReLU network on ``MixerData``) and the MovieLens comparison of
/// DCN, low-rank DCN and a DNN of the same depth (``DCNModel``), `runs` times each.
///
///     var settings = DCNTutorial.Settings()
///     settings.runs = 2
///     let result = try DCNTutorial.run(data: try DCNRatings(path: "Fixtures/movielens/ml-100k"),
///                                      settings: settings) { print($0) }
///     result.movieLens[0].rmse   // DCN: mean ± std over the runs
public enum DCNTutorial {
  /// The recipe's knobs; the defaults are the tutorial's except where noted.
  public struct Settings: Sendable {
    /// Seed of the toy data, the split, the shuffles and the initializations.
    public var seed: UInt64 = 42
    /// Toy points (100,000) and how many train (90,000).
    public var toyCount = 100_000
    public var toyTrainCount = 90_000
    /// Toy batch size (1000) and Adagrad learning rate (0.4).
    public var toyBatchSize = 1000
    public var toyLearningRate: Float = 0.4
    /// Toy epochs: the tutorial's 100 for the cross network.
    public var crossEpochs = 100
    /// Toy epochs of the deep network (0 skips it): the tutorial's 100 cost about 9 TFLOP on
    /// 166,401 parameters, so Reel's default is 3, to keep the tutorial under a minute.
    public var deepEpochs = 3
    /// MovieLens: train fraction (0.8), batch sizes (8192 / 4096), Adam(0.01), 8 epochs.
    public var trainFraction = 0.8
    public var batchSize = 8192
    public var testBatchSize = 4096
    public var learningRate: Float = 0.01
    public var epochs = 8
    /// Runs per MovieLens model (5).
    public var runs = 5
    /// Whether to run the toy part and the MovieLens part.
    public var toy = true
    public var movieLens = true

    public init() {}
  }

  /// One toy model's outcome.
  public struct ToyResult: Sendable {
    public var name: String
    public var rmse: Double
    public var parameters: Int
    public var epochs: Int
    public var seconds: Double
  }

  /// One MovieLens model's outcome over the runs.
  public struct MovieLensResult: Sendable {
    public var name: String
    /// Test RMSE per run.
    public var rmse: RunStatistics
    public var parameters: Int
    public var seconds: Double
  }

  /// Everything the tutorial reports.
  public struct Result: Sendable {
    /// Cross network, then deep network (empty when the toy part was skipped).
    public var toy: [ToyResult] = []
    /// RMSE of predicting the training mean on the toy test points.
    public var toyMeanRMSE = 0.0
    /// `|W|` of the toy cross layer.
    public var toyHeatMap: CrossHeatMap?
    /// DCN, low-rank DCN, DNN.
    public var movieLens: [MovieLensResult] = []
    /// RMSE of predicting the mean training rating on the test split.
    public var meanRatingRMSE = 0.0
    /// Train and test sizes.
    public var trainCount = 0
    public var testCount = 0
    /// Block norms of the first DCN run's cross matrix.
    public var heatMap: CrossHeatMap?

    public init() {}
  }

  /// Runs the toy part on `settings`, reporting each step through `say`.
  ///
  /// - Throws: what training throws.
  public static func runToy(
    settings: Settings, into result: inout Result, say: (String) -> Void = { _ in }
  ) throws {
    let data = MixerData(count: settings.toyCount, seed: settings.seed)
    let (train, test) = data.split(trainCount: settings.toyTrainCount)
    let mean = train.labels.scalars.reduce(0.0) { $0 + Double($1) } / Double(max(1, train.count))
    result.toyMeanRMSE = rmse(test.labels.scalars.map { _ in Float(mean) }, test.labels.scalars)
    let trainBatches = train.batches(size: settings.toyBatchSize)
    let testBatches = test.batches(size: settings.toyBatchSize)
    for kind in MixerModel.Kind.allCases where kind == .cross || settings.deepEpochs > 0 {
      var rng = SplitMix64(seed: SeedSequence.derive(settings.seed, kind == .cross ? 1 : 2))
      let model = try MixerModel(kind, using: &rng)
      let epochs = kind == .cross ? settings.crossEpochs : settings.deepEpochs
      let start = ContinuousClock.now
      let trainer = Trainer(
        model: model, optimizer: Adagrad(learningRate: settings.toyLearningRate))
      try trainer.fit(train: trainBatches, epochs: epochs)
      let value = try trainer.evaluate(testBatches)["RMSE"] ?? .nan
      let name = kind == .cross ? "CrossNet(1 layer)" : "DeepNet(large)"
      result.toy.append(
        ToyResult(
          name: name, rmse: value, parameters: model.parameterCount, epochs: epochs,
          seconds: elapsed(since: start)))
      say(
        "   \(name) RMSE is \(String(format: "%.4f", value)) using \(model.parameterCount) "
          + "parameters (\(epochs) epochs, \(String(format: "%.1f", elapsed(since: start))) s)")
      if let cross = model.cross {
        result.toyHeatMap = try CrossHeatMap(
          matrix: cross.weightMatrix.absolute(), blockSize: 1, labels: MixerData.featureNames)
      }
    }
  }

  /// The three MovieLens models: name, cross layer, projection, deep layers.
  public static let movieLensModels: [(name: String, cross: Bool, projection: Int?, deep: [Int])] = [
    ("DCN", true, nil, [192, 192]),
    ("DCN (low-rank)", true, 20, [192, 192]),
    ("DNN", false, nil, [192, 192, 192]),
  ]

  /// Runs the MovieLens part on `data`: the first `count` models (all when nil).
  ///
  /// - Throws: what training throws.
  public static func runMovieLens(
    data: DCNRatings, settings: Settings, into result: inout Result, only count: Int? = nil,
    say: (String) -> Void = { _ in }
  ) throws {
    let split = data.split(seed: settings.seed, trainFraction: settings.trainFraction)
    result.trainCount = split.train.rowCount
    result.testCount = split.test.rowCount
    let trainRatings = try split.train.float("user_rating")
    let testRatings = try split.test.float("user_rating")
    let mean = trainRatings.reduce(0.0) { $0 + Double($1) } / Double(max(1, trainRatings.count))
    result.meanRatingRMSE = rmse(testRatings.map { _ in Float(mean) }, testRatings)
    let train = split.trainBatches(
      batchSize: settings.batchSize, seed: settings.seed, reshuffleEachEpoch: false)
    let test = split.testBatches(batchSize: settings.testBatchSize)
    for (index, spec) in movieLensModels.prefix(count ?? movieLensModels.count).enumerated() {
      var values: [Double] = []
      var parameters = 0
      let start = ContinuousClock.now
      for run in 0..<settings.runs {
        var rng = SplitMix64(
          seed: SeedSequence.derive(settings.seed, UInt64(10 + index), UInt64(run)))
        let model = try DCNModel(
          data: data, crossLayer: spec.cross, projectionDim: spec.projection,
          deepLayerSizes: spec.deep, using: &rng)
        parameters = model.parameterCount
        let trainer = Trainer(model: model, optimizer: Adam(learningRate: settings.learningRate))
        try trainer.fit(train: train, epochs: settings.epochs)
        values.append(try trainer.evaluate(test)["RMSE"] ?? .nan)
        if index == 0, run == 0, let cross = model.cross {
          result.heatMap = try CrossHeatMap(
            matrix: cross.weightMatrix, blockSize: model.embeddingDimension,
            labels: model.features)
        }
      }
      let stats = RunStatistics(values)
      result.movieLens.append(
        MovieLensResult(
          name: spec.name, rmse: stats, parameters: parameters, seconds: elapsed(since: start)))
      say(
        "   \(spec.name.padding(toLength: 15, withPad: " ", startingAt: 0)) RMSE mean: "
          + "\(String(format: "%.4f", stats.mean)), stdv: "
          + "\(String(format: "%.4f", stats.populationStandardDeviation)) over \(settings.runs) "
          + "run(s); \(parameters) parameters (\(String(format: "%.1f", elapsed(since: start))) s)")
    }
  }

  /// `sqrt(mean((a − b)²))`.
  static func rmse(_ a: [Float], _ b: [Float]) -> Double {
    guard !a.isEmpty else { return 0 }
    var sum = 0.0
    for (x, y) in zip(a, b) { sum += Double(x - y) * Double(x - y) }
    return (sum / Double(a.count)).squareRoot()
  }

  static func elapsed(since start: ContinuousClock.Instant) -> Double {
    let c = (ContinuousClock.now - start).components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }
}

extension RunStatistics {
  /// The population standard deviation (n in the denominator), as the tutorial's `np.std`.
  public var populationStandardDeviation: Double {
    guard values.count > 1 else { return 0 }
    let n = Double(values.count)
    return standardDeviation * ((n - 1) / n).squareRoot()
  }
}

extension Tensor {
  /// `|x|` elementwise.
  fileprivate func absolute() -> Tensor { Tensor(shape: shape, scalars: scalars.map { abs($0) }) }
}
