import ReelPipeline

/// Joins ratings with movies (and users, for ml-100k and ml-1m) into the features of TFDS's
/// `movielens/<release>-ratings` configs, under the same names and encodings:
///
/// | feature | type | releases |
/// |---|---|---|
/// | `user_id`, `movie_id` | string (the id's text) | all |
/// | `movie_title` | string | all |
/// | `movie_genres` | [int32] (``TFDSLabels/genres``) | all |
/// | `user_rating` | float | all |
/// | `timestamp` | int64 | all |
/// | `user_gender` | int32 (1 for `M`: TFDS's bool) | 100k, 1m |
/// | `bucketized_user_age` | float | 100k, 1m |
/// | `raw_user_age` | float | 100k |
/// | `user_occupation_label` | int32 (``TFDSLabels/occupations``) | 100k, 1m |
/// | `user_occupation_text`, `user_zip_code` | string | 100k, 1m |
///
///     let features = try MovieLensFeatures(source: source)
///     let batch = try features.ratings(chunk)   // FeatureBatch with the columns above
public struct MovieLensFeatures: Sendable {
  public let release: MovieLensRelease
  let movieRow: [Int32: Int]
  let movies: [MovieLensMovie]
  let movieGenres: [[Int32]]
  let userRow: [Int32: Int]
  let users: [MovieLensUser]

  /// Prepares the join from parsed movies and users.
  ///
  /// - Throws: ``MovieLensError/unknownLayout(_:)`` for a genre that is not a MovieLens genre.
  public init(release: MovieLensRelease, movies: [MovieLensMovie], users: [MovieLensUser]) throws {
    self.release = release
    self.movies = movies
    self.users = users
    movieRow = Dictionary(movies.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    userRow = Dictionary(users.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    movieGenres = try movies.map { movie in
      try movie.genres.map { name in
        guard let label = TFDSLabels.genreLabel(name) else {
          throw MovieLensError.unknownLayout("movie \(movie.id) has genre '\(name)', which is not a MovieLens genre")
        }
        return label
      }
    }
  }

  /// Reads movies and users from `source`.
  public init(source: MovieLensSource, onBadLine: BadLinePolicy = .fail) throws {
    try self.init(release: source.release, movies: try source.movies(onBadLine: onBadLine), users: try source.users(onBadLine: onBadLine))
  }

  /// Whether the release has user demographics.
  public var hasUsers: Bool { !users.isEmpty }

  /// The `*-movies` config: `movie_id`, `movie_title`, `movie_genres`.
  public var moviesBatch: FeatureBatch {
    try! FeatureBatch([
      ("movie_id", .string(movies.map { String($0.id) })), ("movie_title", .string(movies.map(\.title))),
      ("movie_genres", .int32Lists(movieGenres)),
    ])
  }

  /// The rating rows `rows` of `ratings` joined into TFDS features.
  ///
  /// - Throws: ``MovieLensError/unknownLayout(_:)`` when a rating names a movie (or, for 100k
  ///   and 1m, a user) that the movies (users) file does not have.
  public func ratings(_ ratings: MovieLensRatings, rows: Range<Int>? = nil) throws -> FeatureBatch {
    let range = rows ?? 0..<ratings.count
    var userIds = StringArray()
    var movieIds = StringArray()
    var titles = StringArray()
    userIds.reserveCapacity(strings: range.count, bytes: range.count * 6)
    movieIds.reserveCapacity(strings: range.count, bytes: range.count * 6)
    titles.reserveCapacity(strings: range.count, bytes: range.count * 30)
    var genres: [Int32] = []
    var genreOffsets = [0]
    genreOffsets.reserveCapacity(range.count + 1)
    for r in range {
      guard let m = movieRow[ratings.movie[r]] else {
        throw MovieLensError.unknownLayout("a rating by user \(ratings.user[r]) names movie \(ratings.movie[r]), which the movies file lacks")
      }
      userIds.append(String(ratings.user[r]))
      movieIds.append(String(ratings.movie[r]))
      titles.append(movies[m].title)
      genres += movieGenres[m]
      genreOffsets.append(genres.count)
    }
    var columns: [(String, FeatureColumn)] = [
      ("user_id", FeatureColumn(.string(userIds))), ("movie_id", FeatureColumn(.string(movieIds))),
      ("movie_title", FeatureColumn(.string(titles))),
      ("movie_genres", FeatureColumn(lists: .int32(genres), offsets: genreOffsets)!),
      ("user_rating", .float(Array(ratings.rating[range]))), ("timestamp", .int64(Array(ratings.timestamp[range]))),
    ]
    if hasUsers {
      var gender: [Int32] = [], bucket: [Float] = [], raw: [Float] = [], label: [Int32] = []
      var text = StringArray(), zip = StringArray()
      for r in range {
        guard let u = userRow[ratings.user[r]] else {
          throw MovieLensError.unknownLayout("a rating names user \(ratings.user[r]), whom the users file lacks")
        }
        let user = users[u]
        gender.append(user.gender == "M" ? 1 : 0)
        bucket.append(TFDSLabels.ageBucket(user.age, release: release))
        raw.append(Float(user.age))
        let occupation = TFDSLabels.occupation(user.occupation, release: release)
        label.append(occupation.label ?? Int32(TFDSLabels.occupationIndex["other/not specified"]!))
        text.append(occupation.text)
        zip.append(user.zipCode)
      }
      columns += [("user_gender", .int32(gender)), ("bucketized_user_age", .float(bucket))]
      if release == .ml100k { columns.append(("raw_user_age", .float(raw))) }
      columns += [
        ("user_occupation_label", .int32(label)), ("user_occupation_text", FeatureColumn(.string(text))),
        ("user_zip_code", FeatureColumn(.string(zip))),
      ]
    }
    return try FeatureBatch(columns)
  }
}
