import Foundation

/// The model of TFRS's sequential-retrieval tutorial. Query tower: the context's movie ids
/// (`context_movie_id`, 10 per example, padded at the end with `"0"`) through a
/// `StringLookup` and an `Embedding(movies + 1, 32)`, then a `GRU(32)` whose last state is
/// the query; as in TFRS there is no mask, so padding steps (the OOV row) run through the GRU
/// too. Candidate tower: `label_movie_id` through a `StringLookup` and an
/// `Embedding(movies + 1, 32)`. A ``Retrieval`` task whose ``FactorizedTopK`` ranks every
/// movie; it runs only in evaluation (`compute_metrics=not training`).
///
/// With ``logQProbabilities`` the in-batch softmax gets TFRS's logQ correction
/// (`candidate_sampling_probability`): each batch candidate's score is lowered by the log of
/// its share of training labels, so popular movies are not over-penalized as negatives.
///
///     var rng = SplitMix64(seed: 42)
///     let model = try SequentialRetrievalModel(movieIDs: data.movieIDs, using: &rng)
///     let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.1))
///     try trainer.fit(train: batches, epochs: 3)
public final class SequentialRetrievalModel: RecommenderModel {
  /// The candidate movie ids (the lookup vocabulary and the retrieval corpus), sorted.
  public let movieIDs: [String]
  /// Context movies per example.
  public let contextLength: Int
  public let queryEmbedding: Embedding
  public let gru: GRU
  public let candidateEmbedding: Embedding
  public let task: Retrieval
  /// Per movie id, its sampling probability for the logQ correction; nil: no correction.
  public var logQProbabilities: [String: Float]?
  private let lookup: MovieIDLookup
  private let candidateRows: [Int32]

  /// - Parameters:
  ///   - movieIDs: the candidate ids (duplicates are fine).
  ///   - contextLength: context movies per example (the generator's `maxContextLength`).
  /// - Throws: ``RecommenderError`` or a preprocessing error for an empty vocabulary.
  public init<G: RandomNumberGenerator>(
    movieIDs: [String], contextLength: Int = 10, embeddingDimension: Int = 32,
    ks: [Int] = [1, 5, 10, 50, 100], using rng: inout G
  ) throws {
    guard contextLength > 0 else {
      throw RecommenderError(
        component: "SequentialRetrievalModel", reason: "contextLength must be positive")
    }
    lookup = try MovieIDLookup(vocabulary: movieIDs)
    self.movieIDs = Array(Set(movieIDs)).sorted()
    self.contextLength = contextLength
    queryEmbedding = Embedding(
      inputDim: lookup.size, outputDim: embeddingDimension, name: "query_embedding", using: &rng)
    gru = GRU(inputSize: embeddingDimension, units: embeddingDimension, using: &rng)
    candidateEmbedding = Embedding(
      inputDim: lookup.size, outputDim: embeddingDimension, name: "candidate_embedding",
      using: &rng)
    candidateRows = try lookup(self.movieIDs)
    let metric = try FactorizedTopK(
      candidates: BruteForce(candidates: candidateEmbedding(candidateRows, tape: nil).value),
      ks: ks)
    task = try Retrieval(factorizedMetrics: [metric])
  }

  public var parameters: [Parameter] {
    queryEmbedding.parameters + gru.parameters + candidateEmbedding.parameters
  }
  public var tasks: [any RecommenderTask] { [task] }

  /// The query embeddings `[batch, d]` of a batch's contexts.
  ///
  /// - Throws: ``RecommenderError`` when `context_movie_id` is missing or malformed.
  public func queries(_ batch: FeatureBatch, tape: Tape?) throws -> Variable {
    let ids = try lookup.lists(batch, "context_movie_id", width: contextLength)
    let steps = try queryEmbedding(ids, batch: batch.rowCount, time: contextLength, tape: tape)
    return try gru(steps, tape: tape)
  }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let queries = try queries(batch, tape: tape)
    let labels = try batch.string("label_movie_id")
    let positives = try candidateEmbedding(lookup(labels), tape: tape)
    let probabilities = logQProbabilities.map { p in labels.map { p[$0] ?? 0 } }
    return try task.loss(
      queries: queries, candidates: positives, candidateSamplingProbability: probabilities,
      computeMetrics: !training)
  }

  /// Recomputes the candidate embeddings the factorized metric ranks.
  ///
  /// - Complexity: O(movies × dimension).
  public func prepareForEvaluation() throws {
    let table = try candidateEmbedding(candidateRows, tape: nil).value
    for metric in task.factorizedMetrics { metric.candidates = try BruteForce(candidates: table) }
  }

  /// Each label's share of `labels`: the sampling probabilities of the logQ correction.
  public static func labelFrequencies<S: Sequence>(_ labels: S) -> [String: Float]
  where S.Element == String {
    var counts: [String: Int] = [:]
    var total = 0
    for label in labels {
      counts[label, default: 0] += 1
      total += 1
    }
    return counts.mapValues { Float($0) / Float(max(1, total)) }
  }
}
