import ReelPipeline
import ReelRecommenders
import ReelTensor

/// A two-tower retrieval model over MovieLens features (TFRS's `MovielensModel` of the
/// context-features and featurization tutorials): a ``UserTower`` query model, a
/// ``MovieTower`` candidate model and a ``Retrieval`` task whose ``FactorizedTopK`` metric
/// ranks every candidate title, its table recomputed before each evaluation. With
/// `layerSizes` both towers end in a deep Dense stack (TFRS's deep-recommenders tutorial).
///
/// Factorized metrics are computed in evaluation only (TFRS's later tutorials'
/// `compute_metrics=not training`): the Keras training-time figures come from evaluating on
/// the training split after fitting, as the context-features notebook does.
///
///     var rng = SplitMix64(seed: 42)
///     let model = try FeatureRetrievalModel(featurizer: features, user: [.timestamps],
///                                           movie: [.titleText], using: &rng)
///     try Trainer(model: model, optimizer: Adagrad(learningRate: 0.1)).fit(train: b, epochs: 3)
public final class FeatureRetrievalModel: RecommenderModel {
  public let query: UserTower
  public let candidate: MovieTower
  public let task: Retrieval
  /// With logQ correction: the sampling probability of each title (by lookup index), passed
  /// to the task as `candidateSamplingProbability`; nil without.
  public let samplingProbabilities: [Float]?

  /// - Parameters:
  ///   - layerSizes: the Dense layers ending both towers (ReLU except the last): `[32]`, the
  ///     context-features tutorial's projection; `[64, 32]` and the like, the deep
  ///     recommenders tutorial's stacks; `[]` for none (the towers must then have the same
  ///     width).
  ///   - samplingProbabilities: per title lookup index, the probability used for the logQ
  ///     correction (see ``titleFrequencies(_:featurizer:)``); nil for TFRS's plain softmax.
  /// - Throws: ``LayerError`` for a layer size that is not positive; ``RecommenderError`` when
  ///   the towers' widths differ or the probabilities do not cover the title vocabulary.
  public init<G: RandomNumberGenerator>(
    featurizer: MovieLensFeaturizer, user: UserFeatures, movie: MovieFeatures,
    embeddingDimension: Int = 32, layerSizes: [Int] = [32], ks: [Int] = [1, 5, 10, 50, 100],
    samplingProbabilities: [Float]? = nil, using rng: inout G
  ) throws {
    query = try UserTower(
      featurizer: featurizer, features: user, embeddingDimension: embeddingDimension,
      layerSizes: layerSizes, using: &rng)
    candidate = try MovieTower(
      featurizer: featurizer, features: movie, embeddingDimension: embeddingDimension,
      layerSizes: layerSizes, using: &rng)
    guard query.outputSize == candidate.outputSize else {
      throw RecommenderError(
        component: "FeatureRetrievalModel",
        reason: "the query tower gives \(query.outputSize) values, the candidate tower "
          + "\(candidate.outputSize): end both in Dense layers")
    }
    if let p = samplingProbabilities, p.count != featurizer.titleLookup.vocabularySize {
      throw RecommenderError(
        component: "FeatureRetrievalModel",
        reason: "\(p.count) sampling probabilities for \(featurizer.titleLookup.vocabularySize) "
          + "titles")
    }
    self.samplingProbabilities = samplingProbabilities
    let metric = try FactorizedTopK(candidateEmbeddings: candidate.candidateTable(), ks: ks)
    task = try Retrieval(factorizedMetrics: [metric])
  }

  public var parameters: [Parameter] { query.parameters + candidate.parameters }
  public var tasks: [any RecommenderTask] { [task] }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let titles = try query.featurizer.titleIndices(batch)
    let queries = try query(batch, tape: tape)
    let positives = try candidate(titleIndices: titles, tape: tape)
    return try task.loss(
      queries: queries, candidates: positives,
      candidateSamplingProbability: samplingProbabilities.map { p in titles.map { p[Int($0)] } },
      computeMetrics: !training)
  }

  /// Recomputes the candidate table the factorized metric ranks against.
  ///
  /// - Complexity: one candidate-tower pass over every title.
  public func prepareForEvaluation() throws {
    let table = try candidate.candidateTable()
    for metric in task.factorizedMetrics { metric.candidates = try BruteForce(candidates: table) }
  }

  /// Each title's share of the ratings in `train` (by title lookup index; at least one count
  /// each, so no probability is 0), for the logQ correction.
  public static func titleFrequencies(_ train: FeatureBatch, featurizer: MovieLensFeaturizer)
    throws -> [Float]
  {
    var counts = [Double](repeating: 1, count: featurizer.titleLookup.vocabularySize)
    for i in try featurizer.titleIndices(train) { counts[Int(i)] += 1 }
    let total = counts.reduce(0, +)
    return counts.map { Float($0 / total) }
  }
}
