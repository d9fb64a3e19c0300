import ReelPipeline
import ReelRecommenders
import ReelTensor

/// TFRS's multitask model: user and movie embeddings (32) shared by a rating model (their
/// concatenation → Dense 256 relu → 128 relu → 1, MSE loss, RMSE metric) and a retrieval
/// model (in-batch softmax, FactorizedTopK over every title); the loss is
/// `ratingWeight · rating loss + retrievalWeight · retrieval loss` (``Multitask``).
///
/// As in TFRS's later tutorials the factorized metrics are computed in evaluation only; the
/// RMSE is updated in training (when the rating task's weight is not 0) and evaluation.
///
///     var rng = SplitMix64(seed: 42)
///     let model = try MultitaskModel(featurizer: features, ratingWeight: 1,
///                                    retrievalWeight: 1, using: &rng)
public final class MultitaskModel: RecommenderModel {
  public let user: UserTower
  public let movie: MovieTower
  /// The rating model on `concat(user, movie)`.
  public let ratingModel: MLP
  public let ranking: Ranking
  public let retrieval: Retrieval
  /// The two tasks with their weights: rating first, retrieval second.
  public let multitask: Multitask

  /// - Throws: ``LayerError`` for bad layer sizes; ``RecommenderError`` for bad ks.
  public init<G: RandomNumberGenerator>(
    featurizer: MovieLensFeaturizer, ratingWeight: Float, retrievalWeight: Float,
    embeddingDimension: Int = 32, ratingLayers: [Int] = [256, 128, 1],
    ks: [Int] = [1, 5, 10, 50, 100], using rng: inout G
  ) throws {
    user = try UserTower(
      featurizer: featurizer, features: [], embeddingDimension: embeddingDimension,
      layerSizes: [], using: &rng)
    movie = try MovieTower(
      featurizer: featurizer, features: [], embeddingDimension: embeddingDimension,
      layerSizes: [], using: &rng)
    ratingModel = try MLP(
      inputSize: 2 * embeddingDimension, layerSizes: ratingLayers, name: "rating_model",
      using: &rng)
    ranking = Ranking(loss: .meanSquaredError, metrics: [RootMeanSquaredError()])
    retrieval = try Retrieval(
      factorizedMetrics: [FactorizedTopK(candidateEmbeddings: movie.candidateTable(), ks: ks)])
    multitask = Multitask([(ranking, ratingWeight), (retrieval, retrievalWeight)])
  }

  public var parameters: [Parameter] {
    user.parameters + movie.parameters + ratingModel.parameters
  }
  public var tasks: [any RecommenderTask] { [multitask] }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let userIDs = try user.featurizer.userIndices(batch)
    let titleIDs = try user.featurizer.titleIndices(batch)
    // A task weighted 0 adds nothing to the gradients, so training steps skip it (TFRS
    // computes it anyway); evaluation computes both for their metrics.
    let zero = Variable(constant: Tensor(0))
    var ratingLoss = zero
    if !training || multitask.tasks[0].weight != 0 {
      // The first Dense layer reads the two lookups directly (folded when that pays).
      let predicted = try ratingModel(
        [user.idEmbedding, movie.titleEmbedding], ids: [userIDs, titleIDs], tape: tape,
        folding: .automatic)
      let labels = try batch.float("user_rating")
      ratingLoss = try ranking.loss(
        labels: Tensor(shape: [labels.count, 1], scalars: labels), predictions: predicted)
    }
    var retrievalLoss = zero
    if !training || multitask.tasks[1].weight != 0 {
      retrievalLoss = try retrieval.loss(
        queries: user.idEmbedding(userIDs, tape: tape),
        candidates: movie.titleEmbedding(titleIDs, tape: tape), computeMetrics: !training)
    }
    return try multitask.loss([ratingLoss, retrievalLoss])
  }

  /// Recomputes the candidate table the factorized metric ranks against.
  public func prepareForEvaluation() throws {
    let table = try movie.candidateTable()
    for metric in retrieval.factorizedMetrics { metric.candidates = try BruteForce(candidates: table) }
  }
}
