import Foundation

/// The data of TFRS's sequential-retrieval tutorial: next-movie examples from a
/// MovieLens-1M-format release, built by ``SequentialExamples`` with the tutorial's flags
/// (`--min_timeline_length=3 --max_context_length=10 --min_rating=2
/// --train_data_fraction=0.9`), movie ids as decimal strings (the tutorial's
/// `tf.strings.as_string`), and the candidate corpus: every movie id of the movies file.
///
///     let data = try SequentialRetrievalData(path: "Fixtures/movielens/ml-1m-sequential",
///                                            seed: 42)
///     data.examples.train.rowCount   // 90% of Σ (timeline length − 1)
///     data.movieIDs.count            // movies in movies.dat
public struct SequentialRetrievalData: Sendable {
  /// The path the release was read from.
  public let path: String
  /// The ratings read (before the `min_rating` filter).
  public let ratingCount: Int
  /// Distinct users among the ratings.
  public let userCount: Int
  /// The train and test examples (columns ``SequentialExamples/columnNames``).
  public let examples: SequentialExamples
  /// Every movie id of the movies file as a string, sorted: the lookup vocabulary and the
  /// retrieval corpus (TFRS's `movielens/1m-movies`).
  public let movieIDs: [String]

  /// Reads a MovieLens release (folder or `.zip`) and generates the examples.
  ///
  /// - Throws: the reader's ``MovieLensError`` (naming the file), or
  ///   ``ExampleGenerationError``; ``RecommenderError`` when no examples result.
  public init(
    path: String, seed: UInt64, configuration: SequentialExamples.Configuration? = nil
  ) throws {
    let source = try MovieLensSource(path: path)
    let ratings = try source.loadRatings().ratings
    let movies = try source.movies()
    try self.init(
      ratings: ratings, movies: movies, path: path,
      configuration: configuration
        ?? SequentialExamples.Configuration(seed: seed, movieIDEncoding: .string))
  }

  /// Generates the examples from ratings and movies in memory.
  ///
  /// - Throws: ``ExampleGenerationError``; ``RecommenderError`` when the configuration does
  ///   not store ids as strings or when the train or test split is empty.
  public init(
    ratings: MovieLensRatings, movies: [MovieLensMovie], path: String = "(memory)",
    configuration: SequentialExamples.Configuration
  ) throws {
    guard configuration.movieIDEncoding == .string else {
      throw RecommenderError(
        component: "SequentialRetrievalData",
        reason: "the model looks movie ids up as strings: use movieIDEncoding .string")
    }
    let byID = Dictionary(movies.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    examples = try SequentialExamples(
      ratings: ratings, movies: byID, configuration: configuration)
    guard examples.train.rowCount > 0, examples.test.rowCount > 0 else {
      throw RecommenderError(
        component: path,
        reason: "too few ratings (\(ratings.count)) for train and test next-movie examples "
          + "(train \(examples.train.rowCount), test \(examples.test.rowCount))")
    }
    self.path = path
    ratingCount = ratings.count
    userCount = Set(ratings.user).count
    movieIDs = byID.keys.sorted().map { String($0) }
  }
}
