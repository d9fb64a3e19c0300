import ReelPipeline

/// Lists of rated movies per user for listwise ranking, built the way TFRS's
/// `tfrs.examples.movielens.sample_listwise` builds them for the listwise-ranking tutorial.
///
/// The recipe:
/// 1. Ratings are grouped by user; users in order of first appearance, ratings in file order.
/// 2. A user with fewer than ``Configuration/listSize`` ratings gets no lists.
/// 3. Every other user gets ``Configuration/numListsPerUser`` lists, one after another. Each
///    list is `listSize` distinct ratings of that user drawn uniformly without replacement, in
///    the random order they were drawn (`choice(n, listSize, replace=False)`). Lists of the
///    same user are drawn independently, so they may overlap.
///
/// Columns, in the reference's order:
///
/// | Column | Type | Per row |
/// |---|---|---|
/// | `user_id` | `string` | the user id in decimal, as TFDS stores it |
/// | `movie_title` | `[string]` | `listSize` titles |
/// | `user_rating` | `[float]` | the matching `listSize` ratings |
///
///     let lists = try ListwiseExamples(
///       ratings: ratings, movies: movies,
///       configuration: .init(numListsPerUser: 50, listSize: 5, seed: 42))
///     lists.batch.rowCount   // 50 × (users with at least 5 ratings)
///
/// Differences from the reference:
/// - The reference draws from one `np.random.RandomState(seed)` for all users in turn, which
///   Swift cannot reproduce. Here each user draws from its own ``SplitMix64`` seeded with
///   ``SeedSequence/derive(_:_:)`` of the seed and the user id: the same seed gives the same
///   lists, and a user's lists do not change when other users are added or removed.
/// - The reference reads titles from the TFDS ratings rows; here they come from `movies`, and a
///   rated movie missing there throws ``ExampleGenerationError/unknownMovie(_:)``.
///
/// - Complexity: O(n) for n ratings, plus O(lists × listSize) to draw and write the lists.
public struct ListwiseExamples: Sendable {
  /// The sampler's settings (the tutorial uses 50 lists of 5 for train, 1 of 5 for test,
  /// seed 42).
  public struct Configuration: Hashable, Sendable {
    /// Lists per user (`num_list_per_user`). At least 0.
    public var numListsPerUser: Int
    /// Movies per list (`num_examples_per_list`). At least 0.
    public var listSize: Int
    /// Seed of the draws.
    public var seed: UInt64

    /// A configuration.
    public init(numListsPerUser: Int, listSize: Int, seed: UInt64) {
      self.numListsPerUser = numListsPerUser
      self.listSize = listSize
      self.seed = seed
    }
  }

  /// The column names, in order.
  public static let columnNames = ["user_id", "movie_title", "user_rating"]

  /// One row per list.
  public let batch: FeatureBatch
  /// The settings the lists were made with.
  public let configuration: Configuration

  /// Draws the lists.
  ///
  /// - Parameters:
  ///   - ratings: the ratings, in file order (which orders users and their candidates).
  ///   - movies: titles by movie id, for every rated movie of a user who gets lists.
  ///   - configuration: the settings.
  /// - Throws: ``ExampleGenerationError``.
  public init(
    ratings: MovieLensRatings, movies: [Int32: MovieLensMovie], configuration: Configuration
  ) throws {
    let size = configuration.listSize
    let lists = configuration.numListsPerUser
    guard size >= 0, lists >= 0 else {
      throw ExampleGenerationError.invalidConfiguration(
        "numListsPerUser \(lists) and listSize \(size) must be at least 0")
    }
    try ratings.checkColumns()
    self.configuration = configuration

    let grouped = ratings.rowsByUser()
    var userIDs: [String] = []
    var titles = StringArray()
    var values: [Float] = []
    var titleCache: [Int32: String] = [:]
    for (user, rows) in zip(grouped.users, grouped.rows) where rows.count >= size && lists > 0 {
      var rng = SplitMix64(
        seed: SeedSequence.derive(configuration.seed, UInt64(bitPattern: Int64(user))))
      // A partial Fisher–Yates pass over any permutation leaves a uniform sample without
      // replacement in its first `size` slots, so the scratch order is never reset.
      var scratch = rows
      for _ in 0..<lists {
        for k in 0..<size {
          scratch.swapAt(k, k + rng.next(below: scratch.count - k))
          let row = scratch[k]
          let movie = ratings.movie[row]
          if titleCache[movie] == nil {
            guard let title = movies[movie]?.title else {
              throw ExampleGenerationError.unknownMovie(movie)
            }
            titleCache[movie] = title
          }
          titles.append(titleCache[movie]!)
          values.append(ratings.rating[row])
        }
        userIDs.append(String(user))
      }
    }
    let offsets = (0...userIDs.count).map { $0 * size }
    batch = try FeatureBatch([
      ("user_id", .string(userIDs)),
      ("movie_title", FeatureColumn(lists: .string(titles), offsets: offsets)!),
      ("user_rating", FeatureColumn(lists: .float(values), offsets: offsets)!),
    ])
  }
}
