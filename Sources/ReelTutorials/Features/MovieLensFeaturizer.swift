import ReelPipeline
import ReelPreprocessing
import ReelRecommenders

/// The preprocessing layers of TFRS's featurization tutorial, adapted once on the tutorial
/// ratings and shared by the feature tutorials (featurization, context-features, multitask):
///
/// - `user_id`: ``userLookup`` (`StringLookup(mask_token=None)` adapted on the ratings, or
///   given the sorted user ids as the deep-recommenders tutorial's `vocabulary=unique_user_ids`
///   does: ``UserVocabulary``) and ``userHashing`` (`Hashing(num_bins=200_000)`);
/// - `timestamp`: ``timestampNormalization`` (`Normalization(axis=None)` adapted on the
///   ratings' timestamps) and ``timestampBuckets`` (`Discretization` over
///   `np.linspace(min, max, 1000)` boundaries);
/// - `movie_title`: ``titleLookup`` (`StringLookup(vocabulary=unique_movie_titles,
///   mask_token=None)`) and ``titleVectorizer`` (`TextVectorization(max_tokens=10_000)` adapted
///   on the candidate titles), with each title's token ids precomputed (``titleTokens``).
///
///     let data = try TutorialRatings(path: "Fixtures/movielens/ml-100k")
///     let features = try MovieLensFeaturizer(data: data)
///     features.userLookup.vocabularySize       // 944: 943 users + "[UNK]"
///     try features.timestampBucketIndices(batch) // [Int32] in 0...1000
///
/// - Complexity: O(ratings + title characters) to build.
public struct MovieLensFeaturizer: Sendable {
  /// How ``userLookup`` gets its vocabulary.
  public enum UserVocabulary: Sendable {
    /// `StringLookup.adapt` on the ratings' `user_id` (most frequent first), as the
    /// featurization tutorial does.
    case adapted
    /// The distinct user ids sorted (`np.unique`), passed as `vocabulary=`, as the deep
    /// recommenders tutorial does.
    case sorted
  }

  /// The default bins of ``userHashing`` (the tutorial's 200,000).
  public static let hashBins = 200_000
  /// Boundaries of ``timestampBuckets`` (the tutorial's 1,000).
  public static let timestampBoundaries = 1000
  /// `max_tokens` of ``titleVectorizer`` (the tutorial's 10,000).
  public static let maxTitleTokens = 10_000

  public let userLookup: StringLookup
  /// `Hashing(num_bins: hashBins)` of `user_id`.
  public let userHashing: Hashing
  public let timestampNormalization: Normalization
  public let timestampBuckets: Discretization
  public let titleLookup: StringLookup
  public let titleVectorizer: TextVectorization
  /// The earliest and the latest rating timestamp (the ends of the bucket boundaries).
  public let timestampRange: ClosedRange<Int64>
  /// Token ids of each entry of `titleLookup.vocabulary` (index 0 is the OOV title), without
  /// padding.
  public let titleTokens: [[Int32]]

  /// Adapts every layer on `data` (all its ratings, as the tutorials adapt before splitting).
  ///
  /// - Parameters:
  ///   - hashBins: the bins of ``userHashing`` (the tutorial's 200,000; tests use fewer to
  ///     keep the hashed-id embedding small).
  ///   - userVocabulary: how ``userLookup`` gets its vocabulary.
  /// - Throws: a preprocessing error naming the layer (e.g. no titles to adapt on), or a
  ///   ``RecommenderError`` when the ratings lack a column.
  public init(
    data: TutorialRatings, hashBins: Int = MovieLensFeaturizer.hashBins,
    userVocabulary: UserVocabulary = .adapted
  ) throws {
    let ratings = data.ratings
    switch userVocabulary {
    case .adapted:
      var users = try StringLookup(maskToken: nil)
      try users.adapt(Datasets.from(Array(try ratings.string("user_id"))))
      userLookup = users
    case .sorted:
      userLookup = try StringLookup(
        maskToken: nil, vocabulary: Array(Set(try ratings.string("user_id"))).sorted())
    }
    userHashing = try Hashing(numBins: hashBins)
    let stamps = try ratings.int64("timestamp")
    guard let low = stamps.min(), let high = stamps.max() else {
      throw RecommenderError(component: data.path, reason: "no timestamps to adapt on")
    }
    timestampRange = low...high
    var normalization = try Normalization(sampleShape: [1], axis: .none)
    try normalization.adapt(Datasets.from(stamps.map { [Float($0)] }))
    timestampNormalization = normalization
    timestampBuckets = try Discretization(
      binBoundaries: Self.linspace(Double(low), Double(high), count: Self.timestampBoundaries))
    titleLookup = try StringLookup(maskToken: nil, vocabulary: data.movieTitles)
    var vectorizer = try TextVectorization(maxTokens: Self.maxTitleTokens)
    try vectorizer.adapt(Datasets.from(data.movieTitles))
    titleVectorizer = vectorizer
    titleTokens = try titleLookup.vocabulary.map { title in
      try vectorizer([title])[0].map { Int32($0) }
    }
  }

  /// `np.linspace(low, high, num=count)` as Float boundaries.
  static func linspace(_ low: Double, _ high: Double, count: Int) -> [Float] {
    guard count > 1 else { return [Float(low)] }
    let step = (high - low) / Double(count - 1)
    return (0..<count).map { Float($0 == count - 1 ? high : low + Double($0) * step) }
  }

  /// ``userLookup`` indices of the batch's `user_id` column.
  public func userIndices(_ batch: FeatureBatch) throws -> [Int32] {
    try userLookup(Array(batch.string("user_id"))).map { Int32($0) }
  }

  /// ``userHashing`` bins of the batch's `user_id` column.
  public func userHashes(_ batch: FeatureBatch) throws -> [Int32] {
    try userHashing(Array(batch.string("user_id"))).map { Int32($0) }
  }

  /// ``timestampBuckets`` bins (0...1000) of the batch's `timestamp` column.
  public func timestampBucketIndices(_ batch: FeatureBatch) throws -> [Int32] {
    try timestampBuckets(batch.int64("timestamp").map { Float($0) })
  }

  /// The batch's `timestamp` column through ``timestampNormalization``.
  public func normalizedTimestamps(_ batch: FeatureBatch) throws -> [Float] {
    try timestampNormalization(column: batch.int64("timestamp").map { Float($0) })
  }

  /// ``titleLookup`` indices of the batch's `movie_title` column.
  public func titleIndices(_ batch: FeatureBatch) throws -> [Int32] {
    try titleLookup(Array(batch.string("movie_title"))).map { Int32($0) }
  }

  /// The token ids of the titles at `indices` (``titleLookup`` indices), padded with 0 to the
  /// longest: `TextVectorization`'s `int` output for a batch, `[indices.count, width]`
  /// row-major.
  public func paddedTitleTokens(_ indices: [Int32]) -> (ids: [Int32], width: Int) {
    let rows = indices.map { titleTokens[Int($0)] }
    let width = max(1, rows.lazy.map(\.count).max() ?? 0)
    var ids = [Int32](repeating: 0, count: rows.count * width)
    for (r, row) in rows.enumerated() {
      for (t, id) in row.enumerated() { ids[r * width + t] = id }
    }
    return (ids, width)
  }
}
