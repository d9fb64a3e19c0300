import ReelPipeline
import ReelRecommenders

/// What `reel tutorial context-features` reaches: the same retrieval model trained without
/// and with the timestamp features of the user tower, and the most-popular baseline.
public struct ContextFeaturesResult {
  /// User tower: user id only.
  public let withoutTimestamps: FeatureRetrievalOutcome
  /// User tower: user id, timestamp-bucket embedding and normalized timestamp.
  public let withTimestamps: FeatureRetrievalOutcome
  /// The most-popular baseline's test top-k accuracy on the same split (k = 10, 100).
  public let popular: [Int: Double]
  public let trainRows: Int
  public let testRows: Int

  /// Test top-100 with timestamps minus without.
  public var gain: Double {
    (withTimestamps.testTopK(100) ?? 0) - (withoutTimestamps.testTopK(100) ?? 0)
  }
}

/// TFRS's context-features tutorial: a user tower (user id embedding, optionally the
/// timestamp bucket embedding and normalized timestamp) → Dense(32), a movie tower (title
/// embedding and mean title-word embedding) → Dense(32), trained with and without timestamps.
///
///     let data = try TutorialRatings(path: "Fixtures/movielens/ml-100k-context/ml-100k")
///     let result = try ContextFeaturesTutorial.run(data: data)
///     result.withTimestamps.testTopK(100)
public enum ContextFeaturesTutorial {
  /// Splits `data` 80/20 with `settings.seed`, adapts the features on all ratings, trains
  /// both variants from the same seed and evaluates them.
  ///
  /// - Parameter willTrain: called before each variant with its `UserFeatures` (to print).
  /// - Throws: what ``MovieLensFeaturizer`` and ``FeatureRetrievalTraining`` throw.
  public static func run(
    data: TutorialRatings, settings: FeatureTrainingSettings = FeatureTrainingSettings(),
    callbacks: [any TrainingCallback] = [], willTrain: (UserFeatures) -> Void = { _ in }
  ) throws -> ContextFeaturesResult {
    let split = data.split(seed: settings.seed)
    let featurizer = try MovieLensFeaturizer(data: data)
    var outcomes: [FeatureRetrievalOutcome] = []
    for user in [UserFeatures(), .timestamps] {
      willTrain(user)
      outcomes.append(
        try FeatureRetrievalTraining.run(
          split: split, featurizer: featurizer, user: user, movie: [.titleText],
          settings: settings, callbacks: callbacks))
    }
    let popular = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
      .topKAccuracy(split.test, ks: [10, 100])
    return ContextFeaturesResult(
      withoutTimestamps: outcomes[0], withTimestamps: outcomes[1], popular: popular,
      trainRows: split.train.rowCount, testRows: split.test.rowCount)
  }
}

extension ContextFeaturesResult {
  /// A grouped bar chart (SVG) of the test top-k accuracy of both variants and the
  /// most-popular baseline.
  public func chartSVG() -> String {
    let ks = [1, 5, 10, 50, 100]
    return GroupedBarChart.svg(
      title: "context-features: test top-k accuracy", categories: ks.map { "top-\($0)" },
      series: [
        ("without timestamps", ks.map { withoutTimestamps.testTopK($0) ?? 0 }),
        ("with timestamps", ks.map { withTimestamps.testTopK($0) ?? 0 }),
      ])
  }
}
