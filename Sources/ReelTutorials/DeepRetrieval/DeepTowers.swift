/// The query tower of TFRS's deep-recommenders tutorial: `concat([Embedding(users + 1, 32)
/// (user_id), Embedding(1001, 32)(timestamp bucket), normalized timestamp])` (65 features)
/// through Dense layers of `layerSizes` (ReLU except the last).
public struct DeepQueryTower {
  public let userEmbedding: Embedding
  public let timestampEmbedding: Embedding
  public let dense: MLP

  /// - Throws: ``LayerError`` for empty or non-positive layer sizes.
  public init<G: RandomNumberGenerator>(
    features: DeepRetrievalFeatures, layerSizes: [Int], embeddingDimension: Int = 32,
    using rng: inout G
  ) throws {
    userEmbedding = Embedding(
      inputDim: features.userLookup.vocabularySize, outputDim: embeddingDimension,
      name: "query/user_embedding", using: &rng)
    timestampEmbedding = Embedding(
      inputDim: features.timestampBucketCount, outputDim: embeddingDimension,
      name: "query/timestamp_embedding", using: &rng)
    dense = try MLP(
      inputSize: 2 * embeddingDimension + 1, layerSizes: layerSizes, activation: .relu,
      name: "query/dense", using: &rng)
  }

  public var parameters: [Parameter] {
    userEmbedding.parameters + timestampEmbedding.parameters + dense.parameters
  }

  /// The query embeddings `[rows, layerSizes.last]` of a batch with `user_id` and `timestamp`.
  public func callAsFunction(
    _ batch: FeatureBatch, features: DeepRetrievalFeatures, tape: Tape?
  ) throws -> Variable {
    let user = try userEmbedding(features.userIndices(batch), tape: tape)
    let bucket = try timestampEmbedding(features.timestampBuckets(batch), tape: tape)
    let time = Variable(constant: try features.normalizedTimestamps(batch))
    return try dense(concat([user, bucket, time], axis: 1), tape: tape)
  }
}

/// The candidate tower of TFRS's deep-recommenders tutorial: `concat([Embedding(titles + 1,
/// 32)(movie_title), GlobalAveragePooling1D(Embedding(10_000, 32, mask_zero)(title tokens))])`
/// (64 features) through Dense layers of `layerSizes` (ReLU except the last).
public struct DeepCandidateTower {
  public let titleEmbedding: Embedding
  public let tokenEmbedding: Embedding
  public let pooling = GlobalAveragePooling1D(name: "candidate/pooling")
  public let dense: MLP

  /// - Throws: ``LayerError`` for empty or non-positive layer sizes.
  public init<G: RandomNumberGenerator>(
    features: DeepRetrievalFeatures, layerSizes: [Int], embeddingDimension: Int = 32,
    using rng: inout G
  ) throws {
    titleEmbedding = Embedding(
      inputDim: features.titleLookup.vocabularySize, outputDim: embeddingDimension,
      name: "candidate/title_embedding", using: &rng)
    tokenEmbedding = Embedding(
      inputDim: DeepRetrievalFeatures.maxTitleTokens, outputDim: embeddingDimension,
      maskZero: true, name: "candidate/title_text_embedding", using: &rng)
    dense = try MLP(
      inputSize: 2 * embeddingDimension, layerSizes: layerSizes, activation: .relu,
      name: "candidate/dense", using: &rng)
  }

  public var parameters: [Parameter] {
    titleEmbedding.parameters + tokenEmbedding.parameters + dense.parameters
  }

  /// The candidate embeddings `[titles.count, layerSizes.last]` of `titles`.
  public func callAsFunction(
    titles: [String], features: DeepRetrievalFeatures, tape: Tape?
  ) throws -> Variable {
    let rows = try features.titleLookup(titles).map { Int32($0) }
    let title = try titleEmbedding(rows, tape: tape)
    let tokens = try features.titleTokenIDs(titles)
    let words = try tokenEmbedding(
      tokens, batch: titles.count, time: features.titleTokenWidth, tape: tape)
    let text = try pooling(words, mask: tokenEmbedding.mask(for: tokens))
    return try dense(concat([title, text], axis: 1), tape: tape)
  }
}
