import ReelPipeline
import ReelTensor

/// What each preprocessing layer of ``MovieLensFeaturizer`` produces on a few ratings, as the
/// featurization notebook prints it.
///
///     let samples = try FeaturizationSamples(featurizer: features, ratings: data.ratings.slice(0..<3))
///     samples.userIndices     // StringLookup output of each user_id
public struct FeaturizationSamples {
  public let userIDs: [String]
  public let timestamps: [Int64]
  public let titles: [String]
  /// `StringLookup(user_id)` indices.
  public let userIndices: [Int32]
  /// `Hashing(200_000)(user_id)` bins.
  public let userHashes: [Int32]
  /// `Normalization(axis=None)(timestamp)`.
  public let normalizedTimestamps: [Float]
  /// `Discretization(1000 boundaries)(timestamp)` buckets.
  public let timestampBuckets: [Int32]
  /// The first values of `Embedding(1001, 32)` on the first bucket (a fresh, untrained
  /// table, as the notebook shows it).
  public let bucketEmbeddingHead: [Float]
  /// Each title's `TextVectorization` tokens (standardized and split) and their ids.
  public let titleWords: [[String]]
  public let titleTokenIDs: [[Int64]]

  /// The layers of `featurizer` on every row of `ratings` (a handful).
  ///
  /// - Throws: a pipeline error for a missing column, a preprocessing error for bad values.
  public init(featurizer: MovieLensFeaturizer, ratings: FeatureBatch, seed: UInt64 = 42) throws {
    userIDs = Array(try ratings.string("user_id"))
    timestamps = try ratings.int64("timestamp")
    titles = Array(try ratings.string("movie_title"))
    userIndices = try featurizer.userIndices(ratings)
    userHashes = try featurizer.userHashes(ratings)
    normalizedTimestamps = try featurizer.normalizedTimestamps(ratings)
    timestampBuckets = try featurizer.timestampBucketIndices(ratings)
    var rng = SplitMix64(seed: seed)
    let embedding = Embedding(
      inputDim: featurizer.timestampBuckets.binCount, outputDim: 32, name: "timestamp_embedding",
      using: &rng)
    let first = try embedding(Array(timestampBuckets.prefix(1)), tape: nil).value.scalars
    bucketEmbeddingHead = Array(first.prefix(4))
    titleWords = titles.map { featurizer.titleVectorizer.tokenize($0) }
    titleTokenIDs = try featurizer.titleVectorizer(titles)
  }
}
