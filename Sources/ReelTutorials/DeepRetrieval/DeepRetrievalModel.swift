/// The model of TFRS's deep-recommenders tutorial: ``DeepQueryTower`` and
/// ``DeepCandidateTower`` with the same `layerSizes` (`[32]`, `[64, 32]` or `[128, 64, 32]`),
/// a ``Retrieval`` task whose ``FactorizedTopK`` ranks every candidate title, computed in
/// evaluation only (`compute_metrics=not training`).
///
/// With ``logQProbabilities`` the in-batch softmax gets TFRS's logQ correction
/// (`candidate_sampling_probability`, each candidate's share of the training ratings).
///
///     var rng = SplitMix64(seed: 42)
///     let model = try DeepRetrievalModel(features: features, layerSizes: [64, 32], using: &rng)
///     let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.1))
public final class DeepRetrievalModel: RecommenderModel {
  public let features: DeepRetrievalFeatures
  public let layerSizes: [Int]
  public let query: DeepQueryTower
  public let candidate: DeepCandidateTower
  public let task: Retrieval
  /// Per title, its sampling probability for the logQ correction; nil: no correction.
  public var logQProbabilities: [String: Float]?

  /// - Throws: ``LayerError`` for bad layer sizes; ``RecommenderError`` for bad ks.
  public init<G: RandomNumberGenerator>(
    features: DeepRetrievalFeatures, layerSizes: [Int], embeddingDimension: Int = 32,
    ks: [Int] = [1, 5, 10, 50, 100], using rng: inout G
  ) throws {
    self.features = features
    self.layerSizes = layerSizes
    query = try DeepQueryTower(
      features: features, layerSizes: layerSizes, embeddingDimension: embeddingDimension,
      using: &rng)
    candidate = try DeepCandidateTower(
      features: features, layerSizes: layerSizes, embeddingDimension: embeddingDimension,
      using: &rng)
    let corpus = try candidate(titles: features.titles, features: features, tape: nil).value
    task = try Retrieval(
      factorizedMetrics: [try FactorizedTopK(candidates: BruteForce(candidates: corpus), ks: ks)])
  }

  public var parameters: [Parameter] { query.parameters + candidate.parameters }
  public var tasks: [any RecommenderTask] { [task] }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let queries = try query(batch, features: features, tape: tape)
    let titles = Array(try batch.string("movie_title"))
    let positives = try candidate(titles: titles, features: features, tape: tape)
    let probabilities = logQProbabilities.map { p in titles.map { p[$0] ?? 0 } }
    return try task.loss(
      queries: queries, candidates: positives, candidateSamplingProbability: probabilities,
      computeMetrics: !training)
  }

  /// Recomputes the candidate embeddings the factorized metric ranks.
  public func prepareForEvaluation() throws {
    let corpus = try candidate(titles: features.titles, features: features, tape: nil).value
    for metric in task.factorizedMetrics { metric.candidates = try BruteForce(candidates: corpus) }
  }
}
