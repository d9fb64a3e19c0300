/// The model of TFRS's listwise-ranking tutorial: `user_id` and each list's `movie_title`s
/// through `StringLookup` with the default mask (`""` at 0, OOV at 1) and
/// `Embedding(vocabulary + 2, 32)`; the user embedding repeated for each movie of the list and
/// concatenated with it; a score MLP Dense 256 relu → 64 relu → 1; a ``ListwiseRanking`` task
/// with the given tensorflow_ranking loss and NDCG and RMSE metrics over `[lists, listSize]`
/// scores.
///
///     var rng = SplitMix64(seed: 42)
///     let model = try ListwiseRankingModel(users: data.userIDs, movies: data.movieTitles,
///                                          loss: ListMLELoss(seed: 42), using: &rng)
///     try Trainer(model: model, optimizer: Adagrad(learningRate: 0.1)).fit(train: lists, epochs: 30)
///
/// The first Dense layer runs on the two lookups through
/// ``MLP/callAsFunction(_:ids:tape:folding:)`` (exact up to float rounding).
public final class ListwiseRankingModel: RecommenderModel {
  public let userLookup: StringLookup
  public let movieLookup: StringLookup
  public let userEmbedding: Embedding
  public let movieEmbedding: Embedding
  /// Dense 256 relu → 64 relu → 1.
  public let scores: MLP
  public let task: ListwiseRanking

  /// - Throws: a preprocessing error for an empty or duplicated vocabulary.
  public init<G: RandomNumberGenerator>(
    users: [String], movies: [String], loss: any ListRankingLoss, embeddingDimension: Int = 32,
    using rng: inout G
  ) throws {
    userLookup = try StringLookup(maskToken: "", vocabulary: Array(Set(users)).sorted())
    movieLookup = try StringLookup(maskToken: "", vocabulary: Array(Set(movies)).sorted())
    userEmbedding = Embedding(
      inputDim: userLookup.vocabularySize, outputDim: embeddingDimension,
      name: "user_embedding", using: &rng)
    movieEmbedding = Embedding(
      inputDim: movieLookup.vocabularySize, outputDim: embeddingDimension,
      name: "movie_embedding", using: &rng)
    scores = try MLP(
      inputSize: 2 * embeddingDimension, layerSizes: [256, 64, 1], name: "score_model", using: &rng)
    task = ListwiseRanking(
      loss: loss, metrics: [NDCGMetric(name: "ndcg_metric"), RootMeanSquaredError()])
  }

  public var parameters: [Parameter] {
    userEmbedding.parameters + movieEmbedding.parameters + scores.parameters
  }
  public var tasks: [any RecommenderTask] { [task] }

  /// The scores of each list's movies, `[lists, listSize]`.
  ///
  /// - Throws: ``RecommenderError`` when the columns are missing or the lists are ragged.
  public func predict(_ batch: FeatureBatch, tape: Tape?) throws -> Variable {
    let lists = batch.rowCount
    let titles = try batch.column("movie_title")
    guard titles.isList, let offsets = titles.listOffsets, let values = titles.stringValues,
      lists > 0
    else {
      throw RecommenderError(
        component: "ListwiseRankingModel", reason: "needs a movie_title column of string lists")
    }
    let size = offsets[1] - offsets[0]
    guard size > 0, zip(offsets, offsets.dropFirst()).allSatisfy({ $1 - $0 == size }) else {
      throw RecommenderError(
        component: "ListwiseRankingModel", reason: "lists must all have the same positive length")
    }
    let users = try userLookup(Array(batch.string("user_id"))).map { Int32($0) }
    let movies = try movieLookup(Array(values)).map { Int32($0) }
    var repeated = [Int32]()
    repeated.reserveCapacity(lists * size)
    for u in users { for _ in 0..<size { repeated.append(u) } }
    let flat = try scores(
      [userEmbedding, movieEmbedding], ids: [repeated, movies], tape: tape)
    return flat.reshaped([lists, size])
  }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let predicted = try predict(batch, tape: tape)
    let labels = try batch.column("user_rating")
    guard let values = labels.floatValues, labels.isList, values.count == predicted.value.scalarCount
    else {
      throw RecommenderError(
        component: "ListwiseRankingModel", reason: "needs a user_rating column of float lists")
    }
    return try task.loss(
      labels: Tensor(shape: predicted.shape, scalars: values), scores: predicted)
  }
}
