import ReelPipeline
import ReelTensor

/// One recommendation: a movie title and its score (the dot product of user and movie
/// embeddings for retrieval, the predicted rating for ranking).
public struct Recommendation: Equatable, Sendable {
  public var title: String
  public var score: Float

  public init(title: String, score: Float) {
    self.title = title
    self.score = score
  }
}

/// A basic tutorial model (retrieval or ranking) with what serving needs: its vocabularies,
/// the candidate titles, for retrieval a ``BruteForce`` index of the candidate embeddings,
/// and the movies each user rated in training (for `excludeSeen`).
///
///     let recommender = try TutorialRecommender(recipe: recipe, users: data.userIDs,
///                                               movies: data.movieTitles)
///     // … train recommender.model with a Trainer, then:
///     try recommender.buildIndex()
///     let top = try recommender.recommend(user: "42", k: 10)
public final class TutorialRecommender {
  /// The hyperparameters the model was built with.
  public let recipe: TrainingRecipe
  /// The user vocabulary (sorted, distinct).
  public let users: [String]
  /// The candidate titles (sorted, distinct): the movie vocabulary and the retrieval corpus.
  public let movies: [String]
  /// The model: ``BasicRetrievalModel`` or ``BasicRankingModel``.
  public let model: any RecommenderModel
  /// For retrieval: the candidate index (rows and ids are positions in ``movies``); nil until
  /// ``buildIndex()`` or when loaded without one.
  public internal(set) var index: BruteForce?
  /// Per user, the positions in ``movies`` of the titles rated in training.
  public var seen: [String: [Int]] = [:]
  private let userSet: Set<String>
  private let movieRow: [String: Int]

  /// Builds an untrained model; weights are initialized from `recipe.seed`.
  ///
  /// - Throws: ``RecommenderError`` for an invalid recipe or empty vocabularies.
  public init(recipe: TrainingRecipe, users: [String], movies: [String]) throws {
    try recipe.validate()
    self.recipe = recipe
    self.users = Array(Set(users)).sorted()
    self.movies = Array(Set(movies)).sorted()
    guard !self.users.isEmpty, !self.movies.isEmpty else {
      throw RecommenderError(
        component: "TutorialRecommender", reason: "no users or no movies to build a model from")
    }
    userSet = Set(self.users)
    movieRow = Dictionary(uniqueKeysWithValues: self.movies.enumerated().map { ($1, $0) })
    var rng = SplitMix64(seed: SeedSequence.derive(recipe.seed, 0x6d6f_6465_6c))
    switch recipe.task {
    case .retrieval:
      let retrieval = try BasicRetrievalModel(
        users: self.users, movies: self.movies, embeddingDimension: recipe.embeddingDimension,
        using: &rng)
      retrieval.computesMetricsInTraining = recipe.trainingMetrics
      model = retrieval
    case .ranking:
      model = try BasicRankingModel(
        users: self.users, movies: self.movies, embeddingDimension: recipe.embeddingDimension,
        using: &rng)
    }
  }

  /// Records which movies each user rated in `ratings` (the training split).
  ///
  /// - Throws: a pipeline error when the batch lacks `user_id` or `movie_title`.
  public func recordSeen(_ ratings: FeatureBatch) throws {
    var sets: [String: Set<Int>] = [:]
    for (user, title) in zip(try ratings.string("user_id"), try ratings.string("movie_title")) {
      if let row = movieRow[title] { sets[user, default: []].insert(row) }
    }
    seen = sets.mapValues { $0.sorted() }
  }

  /// Whether `user` is in the user vocabulary.
  public func knows(user: String) -> Bool { userSet.contains(user) }

  /// The embedding of every candidate under the current weights (retrieval), `[movies, d]`.
  public func candidateEmbeddings() throws -> Tensor {
    guard let retrieval = model as? BasicRetrievalModel else {
      throw RecommenderError(
        component: "TutorialRecommender", reason: "a ranking model has no candidate embeddings")
    }
    let indices = try retrieval.movieLookup(movies).map { Int32($0) }
    return try retrieval.movieEmbedding(indices, tape: nil).value
  }

  /// The embedding of every user in ``users`` under the current weights (retrieval),
  /// `[users, d]`: row i is the query embedding of `users[i]`.
  public func userEmbeddings() throws -> Tensor {
    guard let retrieval = model as? BasicRetrievalModel else {
      throw RecommenderError(
        component: "TutorialRecommender", reason: "a ranking model has no user embeddings")
    }
    let indices = try retrieval.userLookup(users).map { Int32($0) }
    return try retrieval.userEmbedding(indices, tape: nil).value
  }

  /// (Re)builds the retrieval ``index`` from the current weights; no-op for ranking.
  public func buildIndex() throws {
    guard recipe.task == .retrieval else { return }
    index = try BruteForce(
      candidates: candidateEmbeddings(), ids: movies.indices.map { Int64($0) })
  }

  /// The top `k` movies for `user`, best first (ties: the earlier title first).
  ///
  /// Retrieval scores every candidate in ``index`` by its dot product with the user's
  /// embedding; ranking predicts the rating of every candidate. With `excludeSeen`, the
  /// movies the user rated in training are left out. `using` replaces ``index`` for this
  /// call (e.g. an approximate index whose ids are positions in ``movies``); the caller
  /// checks that it was built from this model's candidate embeddings.
  ///
  /// - Throws: ``RecommenderError`` for an unknown user, `k` < 1, or a retrieval model
  ///   without an index.
  /// - Complexity: O(movies × embedding dimension) for retrieval; one MLP pass over every
  ///   movie for ranking.
  public func recommend(
    user: String, k: Int = 10, excludeSeen: Bool = false, using other: (any TopKIndex)? = nil
  ) throws -> [Recommendation] {
    guard knows(user: user) else {
      throw RecommenderError(
        component: "recommend",
        reason: "unknown user '\(user)': the model knows \(users.count) users "
          + "(e.g. \(users.prefix(3).map { "'\($0)'" }.joined(separator: ", ")))")
    }
    guard k >= 1 else { throw RecommenderError(component: "recommend", reason: "k must be ≥ 1") }
    let excluded = excludeSeen ? (seen[user] ?? []) : []
    switch model {
    case let retrieval as BasicRetrievalModel:
      let saved: (any TopKIndex)? = self.index
      guard let index = other ?? saved else {
        throw RecommenderError(component: "recommend", reason: "the retrieval model has no index")
      }
      let query = try retrieval.userEmbedding(
        retrieval.userLookup([user]).map { Int32($0) }, tape: nil)
      let found = try index.query(
        query.value, k: min(k, index.count), exclusions: [excluded.map { Int64($0) }])
      let scores = found.scores.scalars
      let hits = zip(found.ids, scores).filter { $0.0 != TopKCandidates.paddingID }
      if let bad = hits.first(where: { $0.0 < 0 || $0.0 >= Int64(movies.count) }) {
        throw RecommenderError(
          component: "recommend",
          reason: "the index returned id \(bad.0), not a position in the \(movies.count) movies")
      }
      return hits.map { Recommendation(title: movies[Int($0.0)], score: $0.1) }
    case let ranking as BasicRankingModel:
      let batch = try FeatureBatch([
        (ranking.userColumn, .string(Array(repeating: user, count: movies.count))),
        (ranking.movieColumn, .string(movies)),
      ])
      let predicted = try ranking.predict(batch, tape: nil).value.scalars
      let skip = Set(excluded)
      let order = movies.indices.filter { !skip.contains($0) }
        .sorted { predicted[$0] != predicted[$1] ? predicted[$0] > predicted[$1] : $0 < $1 }
      return order.prefix(k).map { Recommendation(title: movies[$0], score: predicted[$0]) }
    default:
      throw RecommenderError(component: "recommend", reason: "unsupported model type")
    }
  }
}
