/// The data of TFRS's listwise-ranking tutorial: MovieLens ratings split 80/20 (shuffled with
/// the seed), then ``ListwiseExamples`` of 5 movies per list drawn per user: 50 lists per user
/// from the train ratings, 1 from the test ratings (`sample_listwise(train, 50, 5, seed=42)`,
/// `sample_listwise(test, 1, 5, seed=42)`), plus the vocabularies of the lookups (every user
/// id rated, every movie title).
///
///     let data = try ListwiseData(path: "Fixtures/movielens/ml-100k")
///     data.train.rowCount   // 50 × users with at least 5 train ratings
public struct ListwiseData: Sendable {
  /// Train lists: `user_id`, `movie_title` (5 per row), `user_rating` (5 per row).
  public let train: FeatureBatch
  /// Test lists, same columns.
  public let test: FeatureBatch
  /// Every user id, sorted.
  public let userIDs: [String]
  /// Every movie title, sorted, without duplicates.
  public let movieTitles: [String]
  /// How many train ratings each title has (the popularity baseline's scores).
  public let trainCounts: [String: Int]

  /// Loads a MovieLens folder or `.zip` and draws the lists.
  ///
  /// - Throws: ``RecommenderError`` naming `path` when it cannot be read;
  ///   ``ExampleGenerationError`` from the list sampler.
  public init(
    path: String, seed: UInt64 = 42, trainFraction: Double = 0.8, listSize: Int = 5,
    trainListsPerUser: Int = 50, testListsPerUser: Int = 1
  ) throws {
    let ratings: MovieLensRatings
    let movies: [MovieLensMovie]
    do {
      let source = try MovieLensSource(path: path)
      ratings = try source.loadRatings().ratings
      movies = try source.movies()
    } catch {
      throw RecommenderError(component: path, reason: "not a readable MovieLens release: \(error)")
    }
    guard ratings.count > 0 else { throw RecommenderError(component: path, reason: "no ratings") }
    let byID = Dictionary(movies.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var order = Array(0..<ratings.count)
    var rng = SplitMix64(seed: seed)
    for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
    let cut = Int((Double(order.count) * trainFraction).rounded(.down))
    func subset(_ rows: ArraySlice<Int>) -> MovieLensRatings {
      MovieLensRatings(
        user: rows.map { ratings.user[$0] }, movie: rows.map { ratings.movie[$0] },
        rating: rows.map { ratings.rating[$0] }, timestamp: rows.map { ratings.timestamp[$0] })
    }
    let trainRatings = subset(order[..<cut])
    let testRatings = subset(order[cut...])
    train = try ListwiseExamples(
      ratings: trainRatings, movies: byID,
      configuration: .init(numListsPerUser: trainListsPerUser, listSize: listSize, seed: seed)
    ).batch
    test = try ListwiseExamples(
      ratings: testRatings, movies: byID,
      configuration: .init(numListsPerUser: testListsPerUser, listSize: listSize, seed: seed)
    ).batch
    userIDs = Array(Set(ratings.user.map { String($0) })).sorted()
    movieTitles = Array(Set(movies.map(\.title))).sorted()
    var counts: [String: Int] = [:]
    for m in trainRatings.movie { if let t = byID[m]?.title { counts[t, default: 0] += 1 } }
    trainCounts = counts
  }
}
