import ReelPipeline
import ReelPreprocessing
import ReelTensor

/// The model of TFRS's basic-retrieval tutorial: `user_id` and `movie_title` string columns,
/// each through a `StringLookup` and an `Embedding(vocabulary + 1, dimension)`; a
/// ``Retrieval`` task (in-batch softmax, SUM reduction) whose ``FactorizedTopK`` metric runs
/// over every candidate movie, with the candidate embeddings recomputed before each
/// evaluation. As in TFRS (`compute_metrics=True`, the tutorial's setting) the metrics are also
/// computed in training steps, against candidate embeddings refreshed before each such step;
/// set ``computesMetricsInTraining`` to `false` to skip that work, as TFRS's later tutorials do
/// with `compute_metrics=not training`.
///
///     var rng = SplitMix64(seed: 42)
///     let model = try BasicRetrievalModel(users: userIDs, movies: titles, using: &rng)
///     let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.1))
///     try trainer.fit(train: batches, epochs: 3, validation: test)
public final class BasicRetrievalModel: RecommenderModel {
  /// The query column (`"user_id"`) and the candidate column (`"movie_title"`).
  public let userColumn: String
  public let movieColumn: String
  public let userLookup: StringLookup
  public let movieLookup: StringLookup
  public let userEmbedding: Embedding
  public let movieEmbedding: Embedding
  public let task: Retrieval
  /// The candidate movies the factorized metric ranks.
  public let candidates: [String]
  private let candidateIndices: [Int32]
  /// Whether training steps also update the factorized metrics (TFRS's default); evaluation
  /// always does.
  public var computesMetricsInTraining = true

  /// - Parameters:
  ///   - users: the user ids (the lookup vocabulary; duplicates are fine).
  ///   - movies: the candidate titles (vocabulary and retrieval corpus).
  ///   - ks: the factorized top-k cut-offs.
  /// - Throws: ``RecommenderError`` or a preprocessing error for an empty vocabulary.
  public init<G: RandomNumberGenerator>(
    users: [String], movies: [String], embeddingDimension: Int = 32,
    ks: [Int] = [1, 5, 10, 50, 100], userColumn: String = "user_id",
    movieColumn: String = "movie_title", using rng: inout G
  ) throws {
    self.userColumn = userColumn
    self.movieColumn = movieColumn
    userLookup = try .tutorial(users, name: "user_lookup")
    movieLookup = try .tutorial(movies, name: "movie_lookup")
    // `vocabularySize` counts the OOV slot: the tutorial's `Embedding(len(unique) + 1, ...)`.
    userEmbedding = Embedding(
      inputDim: userLookup.vocabularySize, outputDim: embeddingDimension,
      name: "user_embedding", using: &rng)
    movieEmbedding = Embedding(
      inputDim: movieLookup.vocabularySize, outputDim: embeddingDimension,
      name: "movie_embedding", using: &rng)
    candidates = Array(Set(movies)).sorted()
    candidateIndices = try movieLookup(candidates).map { Int32($0) }
    let metric = try FactorizedTopK(
      candidates: BruteForce(candidates: movieEmbedding(candidateIndices, tape: nil).value), ks: ks)
    task = try Retrieval(factorizedMetrics: [metric])
  }

  public var parameters: [Parameter] { userEmbedding.parameters + movieEmbedding.parameters }
  public var tasks: [any RecommenderTask] { [task] }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let queries = try userEmbedding(userLookup.indices(batch, column: userColumn), tape: tape)
    let positives = try movieEmbedding(movieLookup.indices(batch, column: movieColumn), tape: tape)
    let metrics = !training || computesMetricsInTraining
    if training && metrics { try prepareForEvaluation() }
    return try task.loss(queries: queries, candidates: positives, computeMetrics: metrics)
  }

  /// Recomputes the candidate embeddings the factorized metrics rank against.
  ///
  /// - Complexity: O(candidates × dimension).
  public func prepareForEvaluation() throws {
    let table = try movieEmbedding(candidateIndices, tape: nil).value
    for metric in task.factorizedMetrics { metric.candidates = try BruteForce(candidates: table) }
  }
}
