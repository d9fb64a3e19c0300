import ReelPipeline
import ReelTensor

@testable import ReelRecommenders

/// Small synthetic ratings with planted structure: user `u` belongs to group `u % 3` and
/// watches (and rates 5) movies of its group, in `inGroupTenths` of 10 cases, and others
/// (rated 1) otherwise.
struct SyntheticRatings {
  struct Row {
    var user: String
    var movie: String
    var rating: Float
  }

  let users: [String]
  let movies: [String]
  let rows: [Row]

  init(
    users: Int = 24, movies: Int = 30, rows count: Int = 480, inGroupTenths: Int = 9,
    seed: UInt64 = 7
  ) {
    self.users = (0..<users).map { "u\($0)" }
    self.movies = (0..<movies).map { "m\($0)" }
    var rng = SplitMix64(seed: seed)
    rows = (0..<count).map { _ in
      let u = Int.random(in: 0..<users, using: &rng)
      let inGroup = Int.random(in: 0..<10, using: &rng) < inGroupTenths
      var m = Int.random(in: 0..<movies, using: &rng)
      while (m % 3 == u % 3) != inGroup { m = Int.random(in: 0..<movies, using: &rng) }
      return Row(user: "u\(u)", movie: "m\(m)", rating: inGroup ? 5 : 1)
    }
  }

  static let columns: [ColumnSpec<Row>] = [
    .string("user_id") { $0.user }, .string("movie_title") { $0.movie },
    .float("user_rating") { $0.rating },
  ]

  /// The rows in `range`, shuffled per epoch with `seed`, in batches of `batch`.
  func dataset(_ range: Range<Int>, batch: Int, seed: UInt64 = 11) -> AnyDataset<FeatureBatch> {
    Datasets.from(Array(rows[range])).shuffle(bufferSize: 64, seed: seed)
      .batch(size: batch, columns: Self.columns).eraseToAnyDataset()
  }

  func unshuffled(_ range: Range<Int>, batch: Int) -> AnyDataset<FeatureBatch> {
    Datasets.from(Array(rows[range])).batch(size: batch, columns: Self.columns).eraseToAnyDataset()
  }
}
