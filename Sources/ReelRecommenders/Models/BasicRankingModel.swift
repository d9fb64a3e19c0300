import ReelPipeline
import ReelPreprocessing
import ReelTensor

/// The model of TFRS's basic-ranking tutorial: `user_id` and `movie_title` through
/// `StringLookup` and `Embedding(vocabulary + 1, dimension)`, concatenated, then Dense 256
/// relu → 64 relu → 1; a ``Ranking`` task with mean squared error against `user_rating` and a
/// ``RootMeanSquaredError`` metric (updated in training and evaluation, as in the tutorial).
///
/// The first Dense layer runs on the two lookups through
/// ``MLP/callAsFunction(_:ids:tape:folding:)``: when a batch reads few distinct users and
/// movies (MovieLens vocabularies at large batches), it multiplies the touched table rows by
/// the kernel's row blocks instead of the concatenated batch, which is exact up to float
/// rounding. Parameters, names and weight files are those of the concatenated model.
///
///     var rng = SplitMix64(seed: 42)
///     let model = try BasicRankingModel(users: userIDs, movies: titles, using: &rng)
///     try Trainer(model: model, optimizer: Adagrad(learningRate: 0.1)).fit(train: batches, epochs: 3)
public final class BasicRankingModel: RecommenderModel {
  public let userColumn: String
  public let movieColumn: String
  public let ratingColumn: String
  public let userLookup: StringLookup
  public let movieLookup: StringLookup
  public let userEmbedding: Embedding
  public let movieEmbedding: Embedding
  public let ratings: MLP
  public let task: Ranking
  /// Whether the first layer folds into the embedding tables (``EmbeddingDenseFolding``);
  /// automatic by default.
  public var folding: EmbeddingDenseFolding = .automatic

  /// - Throws: a preprocessing error for an empty vocabulary.
  public init<G: RandomNumberGenerator>(
    users: [String], movies: [String], embeddingDimension: Int = 32,
    layerSizes: [Int] = [256, 64, 1], userColumn: String = "user_id",
    movieColumn: String = "movie_title", ratingColumn: String = "user_rating",
    using rng: inout G
  ) throws {
    self.userColumn = userColumn
    self.movieColumn = movieColumn
    self.ratingColumn = ratingColumn
    userLookup = try .tutorial(users, name: "user_lookup")
    movieLookup = try .tutorial(movies, name: "movie_lookup")
    // `vocabularySize` counts the OOV slot: the tutorial's `Embedding(len(unique) + 1, ...)`.
    userEmbedding = Embedding(
      inputDim: userLookup.vocabularySize, outputDim: embeddingDimension,
      name: "user_embedding", using: &rng)
    movieEmbedding = Embedding(
      inputDim: movieLookup.vocabularySize, outputDim: embeddingDimension,
      name: "movie_embedding", using: &rng)
    ratings = try MLP(
      inputSize: 2 * embeddingDimension, layerSizes: layerSizes, name: "ratings", using: &rng)
    task = Ranking(
      loss: .meanSquaredError, metrics: [RootMeanSquaredError()])
  }

  public var parameters: [Parameter] {
    userEmbedding.parameters + movieEmbedding.parameters + ratings.parameters
  }
  public var tasks: [any RecommenderTask] { [task] }

  /// The predicted ratings of a batch, `[rows, 1]`.
  public func predict(_ batch: FeatureBatch, tape: Tape?) throws -> Variable {
    try ratings(
      [userEmbedding, movieEmbedding],
      ids: [
        userLookup.indices(batch, column: userColumn),
        movieLookup.indices(batch, column: movieColumn),
      ], tape: tape, folding: folding)
  }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let labels = try batch.float(ratingColumn)
    return try task.loss(
      labels: Tensor(shape: [labels.count, 1], scalars: labels),
      predictions: predict(batch, tape: tape))
  }

  public func regularizationLosses(tape: Tape?) -> [Variable] {
    userEmbedding.regularizationLosses(tape: tape) + movieEmbedding.regularizationLosses(tape: tape)
      + ratings.regularizationLosses(tape: tape)
  }
}
