import ReelPipeline
import ReelTensor

/// The query tower of TFRS's feature tutorials (`UserModel`, optionally followed by
/// `Dense(d)`): the `user_id` lookup embedding, concatenated with the features chosen in
/// ``UserFeatures`` (hashed-id embedding; timestamp-bucket embedding and the normalized
/// timestamp as one more column), then the optional ``projection``.
///
///     var rng = SplitMix64(seed: 42)
///     let tower = UserTower(featurizer: features, features: [.timestamps], projection: 32,
///                           using: &rng)
///     let queries = try tower(batch, tape: tape)   // [rows, 32]
public final class UserTower {
  public let featurizer: MovieLensFeaturizer
  public let features: UserFeatures
  /// `Embedding(userLookup.vocabularySize, d)`.
  public let idEmbedding: Embedding
  /// `Embedding(hash bins, d)` over the hashed id (200,000 bins in the tutorial), with
  /// ``UserFeatures/hashedID``.
  public let hashEmbedding: Embedding?
  /// `Embedding(1001, d)` over the timestamp buckets, with ``UserFeatures/timestamps``.
  public let timestampEmbedding: Embedding?
  /// `Dense(outputSize)` on the concatenation, or nil to return the concatenation.
  public let projection: Dense?

  /// - Parameter projection: the width of the final Dense layer, or nil for none.
  public init<G: RandomNumberGenerator>(
    featurizer: MovieLensFeaturizer, features: UserFeatures, embeddingDimension: Int = 32,
    projection: Int? = 32, using rng: inout G
  ) {
    self.featurizer = featurizer
    self.features = features
    let d = embeddingDimension
    idEmbedding = Embedding(
      inputDim: featurizer.userLookup.vocabularySize, outputDim: d, name: "user_embedding",
      using: &rng)
    hashEmbedding =
      features.contains(.hashedID)
      ? Embedding(
        inputDim: featurizer.userHashing.numBins, outputDim: d, name: "user_hash_embedding",
        using: &rng) : nil
    timestampEmbedding =
      features.contains(.timestamps)
      ? Embedding(
        inputDim: featurizer.timestampBuckets.binCount, outputDim: d,
        name: "timestamp_embedding", using: &rng) : nil
    let width =
      d * (1 + (hashEmbedding == nil ? 0 : 1) + (timestampEmbedding == nil ? 0 : 1))
      + (features.contains(.timestamps) ? 1 : 0)
    self.projection = projection.map {
      Dense(inputSize: width, outputSize: $0, name: "query_dense", using: &rng)
    }
  }

  /// The width of the tower's output.
  public var outputSize: Int {
    projection?.outputSize
      ?? idEmbedding.outputDim * (1 + (hashEmbedding == nil ? 0 : 1) + (timestampEmbedding == nil ? 0 : 1))
      + (features.contains(.timestamps) ? 1 : 0)
  }

  public var parameters: [Parameter] {
    idEmbedding.parameters + (hashEmbedding?.parameters ?? [])
      + (timestampEmbedding?.parameters ?? []) + (projection?.parameters ?? [])
  }

  /// The query vectors of `batch`'s `user_id` (and `timestamp`) columns, `[rows, outputSize]`.
  ///
  /// - Throws: a pipeline error for a missing column, a preprocessing error for bad values.
  public func callAsFunction(_ batch: FeatureBatch, tape: Tape?) throws -> Variable {
    var parts = [try idEmbedding(featurizer.userIndices(batch), tape: tape)]
    if let hashed = hashEmbedding {
      parts.append(try hashed(featurizer.userHashes(batch), tape: tape))
    }
    if let time = timestampEmbedding {
      parts.append(try time(featurizer.timestampBucketIndices(batch), tape: tape))
      let normalized = try featurizer.normalizedTimestamps(batch)
      parts.append(
        Variable(constant: Tensor(shape: [normalized.count, 1], scalars: normalized)))
    }
    let joined = parts.count == 1 ? parts[0] : concat(parts, axis: 1)
    return try projection.map { try $0(joined, tape: tape) } ?? joined
  }
}
