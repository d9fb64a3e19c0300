import ReelPipeline
import ReelRecommenders

/// What `reel tutorial featurization` reaches: the adapted layers, their output on a few
/// ratings, and an id-only retrieval model against one that uses every feature.
public struct FeaturizationResult {
  public let featurizer: MovieLensFeaturizer
  public let samples: FeaturizationSamples
  /// User and title ids only (each embedding → Dense(32)).
  public let idOnly: FeatureRetrievalOutcome
  /// User id lookup and hashed-id embeddings, timestamp bucket embedding and normalized
  /// timestamp; title embedding and title words (each tower → Dense(32)).
  public let allFeatures: FeatureRetrievalOutcome
  /// The most-popular baseline's test top-k accuracy (k = 10, 100).
  public let popular: [Int: Double]
}

/// TFRS's featurization tutorial: every preprocessing layer on the MovieLens features, then
/// (beyond the notebook, which stops at the models' outputs) the models trained.
///
///     let result = try FeaturizationTutorial.run(data: data)
///     result.featurizer.userLookup.vocabularySize
///     result.allFeatures.testTopK(100)
public enum FeaturizationTutorial {
  /// The user features of the full model.
  public static let userFeatures: UserFeatures = [.hashedID, .timestamps]
  /// The movie features of the full model.
  public static let movieFeatures: MovieFeatures = [.titleText]

  /// Adapts the layers on all of `data` and runs them on its first `sampleCount` ratings.
  ///
  /// - Throws: what ``MovieLensFeaturizer`` and ``FeaturizationSamples`` throw.
  public static func adapt(
    data: TutorialRatings, sampleCount: Int = 3, seed: UInt64 = 42,
    hashBins: Int = MovieLensFeaturizer.hashBins
  ) throws -> (featurizer: MovieLensFeaturizer, samples: FeaturizationSamples) {
    let featurizer = try MovieLensFeaturizer(data: data, hashBins: hashBins)
    let samples = try FeaturizationSamples(
      featurizer: featurizer,
      ratings: data.ratings.slice(0..<min(sampleCount, data.ratings.rowCount)), seed: seed)
    return (featurizer, samples)
  }

  /// ``adapt(data:sampleCount:seed:hashBins:)``, then the id-only and the full model trained from the
  /// same seed on an 80/20 split.
  ///
  /// - Parameters:
  ///   - hashBins: the bins of the user-id hashing (the tutorial's 200,000).
  ///   - didAdapt: called with the adapted layers and samples before training.
  ///   - willTrain: called before each model with its name.
  /// - Throws: what ``MovieLensFeaturizer`` and ``FeatureRetrievalTraining`` throw.
  public static func run(
    data: TutorialRatings, settings: FeatureTrainingSettings = FeatureTrainingSettings(),
    sampleCount: Int = 3, hashBins: Int = MovieLensFeaturizer.hashBins,
    callbacks: [any TrainingCallback] = [],
    didAdapt: (MovieLensFeaturizer, FeaturizationSamples) -> Void = { _, _ in },
    willTrain: (String) -> Void = { _ in }
  ) throws -> FeaturizationResult {
    let (featurizer, samples) = try adapt(
      data: data, sampleCount: sampleCount, seed: settings.seed, hashBins: hashBins)
    didAdapt(featurizer, samples)
    let split = data.split(seed: settings.seed)
    willTrain("id only")
    let idOnly = try FeatureRetrievalTraining.run(
      split: split, featurizer: featurizer, user: [], movie: [], settings: settings,
      callbacks: callbacks)
    willTrain("all features")
    let full = try FeatureRetrievalTraining.run(
      split: split, featurizer: featurizer, user: userFeatures, movie: movieFeatures,
      settings: settings, callbacks: callbacks)
    let popular = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
      .topKAccuracy(split.test, ks: [10, 100])
    return FeaturizationResult(
      featurizer: featurizer, samples: samples, idOnly: idOnly, allFeatures: full,
      popular: popular)
  }
}

extension FeaturizationResult {
  /// A grouped bar chart (SVG) of both models' test top-k accuracy.
  public func chartSVG() -> String {
    let ks = [1, 5, 10, 50, 100]
    return GroupedBarChart.svg(
      title: "featurization: test top-k accuracy", categories: ks.map { "top-\($0)" },
      series: [
        ("id only", ks.map { idOnly.testTopK($0) ?? 0 }),
        ("all features", ks.map { allFeatures.testTopK($0) ?? 0 }),
      ])
  }
}
