import Foundation

/// The adapted preprocessing of TFRS's deep-recommenders tutorial (the context-features
/// tutorial's features): for the query, `user_id` through a `StringLookup` and the timestamp
/// both bucketized (`Discretization` over 1,000 evenly spaced boundaries from the first to the
/// last timestamp, `np.linspace`) and normalized (`Normalization(axis=None)` adapted on every
/// timestamp); for the candidate, `movie_title` through a `StringLookup` and a
/// `TextVectorization(max_tokens=10_000)` adapted on the candidate titles.
///
///     let data = try TutorialRatings(path: "Fixtures/movielens/ml-100k")
///     let features = try DeepRetrievalFeatures(data: data)
///     try features.timestampBuckets(batch)   // one bucket per rating, 0...1000
public struct DeepRetrievalFeatures {
  public let userLookup: StringLookup
  public let titleLookup: StringLookup
  public let timestampDiscretization: Discretization
  public let timestampNormalization: Normalization
  public let titleVectorizer: TextVectorization
  /// The candidate titles, sorted and distinct.
  public let titles: [String]
  /// Per candidate title, its token ids padded with 0 to ``titleTokenWidth``.
  private let titleTokens: [String: [Int32]]
  /// The longest candidate title, in tokens (at least 1).
  public let titleTokenWidth: Int

  /// The TFRS tutorial's sizes: 1,000 timestamp boundaries, 10,000 title tokens.
  public static let timestampBoundaryCount = 1_000
  public static let maxTitleTokens = 10_000

  /// Adapts every layer on `data` (all ratings, all candidate titles, as the tutorial does).
  ///
  /// - Throws: ``RecommenderError`` when the ratings lack a column; preprocessing errors.
  public init(data: TutorialRatings) throws {
    let ratings = data.ratings
    userLookup = try StringLookup(
      maskToken: nil, vocabulary: Array(Set(try ratings.string("user_id"))).sorted())
    titles = data.movieTitles
    titleLookup = try StringLookup(maskToken: nil, vocabulary: titles)
    let stamps = try ratings.int64("timestamp").map(Float.init)
    guard let low = stamps.min(), let high = stamps.max() else {
      throw RecommenderError(component: data.path, reason: "no timestamps to adapt on")
    }
    let n = Self.timestampBoundaryCount
    // np.linspace(min, max, num=n) in double precision, then stored as float32.
    let boundaries = (0..<n).map { i -> Float in
      i == n - 1 ? high : Float(Double(low) + Double(high - low) * Double(i) / Double(n - 1))
    }
    timestampDiscretization = try Discretization(binBoundaries: boundaries)
    var normalization = Normalization(features: 1)
    try normalization.update(stamps.map { [$0] })
    timestampNormalization = normalization
    var vectorizer = try TextVectorization(maxTokens: Self.maxTitleTokens)
    try vectorizer.adapt(Datasets.from(titles))
    titleVectorizer = vectorizer
    let rows = try vectorizer(titles)
    let width = max(1, rows.map(\.count).max() ?? 1)
    titleTokenWidth = width
    var tokens: [String: [Int32]] = [:]
    for (title, row) in zip(titles, rows) {
      tokens[title] = row.map { Int32($0) } + Array(repeating: 0, count: width - row.count)
    }
    titleTokens = tokens
  }

  /// Number of timestamp buckets (boundaries + 1): the bucket embedding's rows.
  public var timestampBucketCount: Int { timestampDiscretization.binCount }

  /// `user_id` indices (0 for unknown users).
  public func userIndices(_ batch: FeatureBatch) throws -> [Int32] {
    try userLookup(Array(batch.string("user_id"))).map { Int32($0) }
  }

  /// `movie_title` indices (0 for unknown titles).
  public func titleIndices(_ batch: FeatureBatch) throws -> [Int32] {
    try titleLookup(Array(batch.string("movie_title"))).map { Int32($0) }
  }

  /// The timestamp bucket of each row.
  public func timestampBuckets(_ batch: FeatureBatch) throws -> [Int32] {
    try timestampDiscretization(batch.int64("timestamp").map(Float.init))
  }

  /// The normalized timestamp of each row, `[rows, 1]`.
  public func normalizedTimestamps(_ batch: FeatureBatch) throws -> Tensor {
    let values = try timestampNormalization(column: batch.int64("timestamp").map(Float.init))
    return Tensor(shape: [values.count, 1], scalars: values)
  }

  /// The title token ids of `titles`, row-major `[titles.count, titleTokenWidth]` (0 pads;
  /// tokens past the width of a title unknown to the candidate list are dropped).
  public func titleTokenIDs<S: Sequence>(_ titles: S) throws -> [Int32] where S.Element == String {
    var out: [Int32] = []
    for title in titles {
      if let row = titleTokens[title] {
        out += row
      } else {
        let row = try titleVectorizer([title])[0].prefix(titleTokenWidth).map { Int32($0) }
        out += row + Array(repeating: 0, count: titleTokenWidth - row.count)
      }
    }
    return out
  }
}
