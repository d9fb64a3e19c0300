import ReelPipeline
import ReelTensor

/// The query tower of TFRS's feature tutorials (`UserModel`, optionally followed by Dense
/// layers): the `user_id` lookup embedding, concatenated with the features chosen in
/// ``UserFeatures`` (hashed-id embedding; timestamp-bucket embedding and the normalized
/// timestamp as one more column), then ``dense``: one `Dense(d)` projection (the
/// context-features tutorial), a deep stack such as `[64, 32]` with ReLU except the last
/// layer (the deep-recommenders tutorial), or nothing.
///
///     var rng = SplitMix64(seed: 42)
///     let tower = try UserTower(featurizer: features, features: [.timestamps],
///                               layerSizes: [32], using: &rng)
///     let queries = try tower(batch, tape: tape)   // [rows, 32]
///     let deep = try UserTower(featurizer: features, features: [.timestamps],
///                              layerSizes: [64, 32], using: &rng)
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
  /// The Dense layers on the concatenation (ReLU except the last), or nil to return the
  /// concatenation.
  public let dense: MLP?

  /// - Parameter layerSizes: the Dense layers on the concatenated features (ReLU except the
  ///   last): `[32]` for the context-features tutorial's projection, `[64, 32]` for a deep
  ///   recommenders tower, `[]` for none.
  /// - Throws: ``LayerError`` for a layer size that is not positive.
  public init<G: RandomNumberGenerator>(
    featurizer: MovieLensFeaturizer, features: UserFeatures, embeddingDimension: Int = 32,
    layerSizes: [Int] = [32], using rng: inout G
  ) throws {
    let d = embeddingDimension
    self.featurizer = featurizer
    self.features = features
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
    dense =
      layerSizes.isEmpty
      ? nil
      : try MLP(
        inputSize: Self.joinedWidth(d, features), layerSizes: layerSizes, activation: .relu,
        name: "query_dense", using: &rng)
  }

  /// The width of the concatenated features.
  static func joinedWidth(_ d: Int, _ features: UserFeatures) -> Int {
    d * (1 + (features.contains(.hashedID) ? 1 : 0) + (features.contains(.timestamps) ? 1 : 0))
      + (features.contains(.timestamps) ? 1 : 0)
  }

  /// The width of the tower's output.
  public var outputSize: Int {
    dense?.outputSize ?? Self.joinedWidth(idEmbedding.outputDim, features)
  }

  public var parameters: [Parameter] {
    idEmbedding.parameters + (hashEmbedding?.parameters ?? [])
      + (timestampEmbedding?.parameters ?? []) + (dense?.parameters ?? [])
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
    return try dense.map { try $0(joined, tape: tape) } ?? joined
  }
}
