import ReelPipeline

/// Next-movie examples for sequential retrieval, built the way TFRS's sequential-retrieval
/// tutorial builds them with `example_generation_movielens.py` from tensorflow/examples.
///
/// The recipe:
/// 1. Ratings below ``Configuration/minRating`` are dropped (`rating >= minRating` is kept).
/// 2. Each user's remaining ratings form a timeline sorted by timestamp; ties keep file
///    order (Python's stable sort). Users are taken in order of first appearance.
/// 3. Timelines shorter than ``Configuration/minTimelineLength`` are skipped.
/// 4. Every position `1..<count` of a timeline is a label; its context is the up to
///    ``Configuration/maxContextLength`` movies just before it, oldest first, padded **at the
///    end** with movie id 0, rating 0 and year 0 to exactly `maxContextLength`.
/// 5. The context's genres, movie by movie, are concatenated, then padded at the end with
///    `"UNK"` or truncated to exactly ``Configuration/maxContextGenreLength``.
/// 6. All examples of all users are shuffled together and the first
///    `round(count × trainFraction)` (half to even, like Python's `round`) are `train`, the
///    rest `test`. The split is by example, not by user.
///
/// Columns, in the reference's order (each list has a fixed length):
///
/// | Column | Type | Per example |
/// |---|---|---|
/// | `context_movie_id` | `[int64]` (or `[string]`) | `maxContextLength` ids, 0 = padding |
/// | `context_movie_rating` | `[float]` | `maxContextLength` ratings, 0 = padding |
/// | `context_movie_genre` | `[string]` | `maxContextGenreLength` names, `"UNK"` = padding |
/// | `context_movie_year` | `[int64]` | `maxContextLength` years, 0 = padding or none |
/// | `label_movie_id` | `int64` (or `string`) | the movie that comes next |
///
/// A movie's year is the first `(YYYY)` in its title (the reference's
/// `re.search(r"\((\d{4})\)", title)`), 0 when there is none: `Series (2005-2006)` has
/// year 0 here although ``MovieLensMovie/year`` says 2005.
///
///     let examples = try SequentialExamples(
///       ratings: ratings, movies: movies, configuration: .init(seed: 42))
///     examples.train.rowCount + examples.test.rowCount  // Σ (timeline length − 1)
///     try examples.train.column("context_movie_id")    // 10 ids per row, 0-padded at the end
///
/// Differences from the reference:
/// - The reference shuffles with Python's *unseeded* `random.shuffle`, so its split differs
///   on every run. Here the shuffle is a Fisher–Yates pass driven by ``SplitMix64`` seeded
///   from ``SeedSequence/derive(_:_:)`` of ``Configuration/seed``: the same seed gives the
///   same split. With ``Configuration/shuffle`` false both keep generation order (user by
///   user, label by label), and then they agree exactly.
/// - The reference stores `label_movie_id` as a one-element `Int64List` (the tutorial
///   parses it as `FixedLenFeature([1])`); here it is a scalar column.
/// - The reference fails with `KeyError` when a context movie is missing from movies.dat;
///   this throws ``ExampleGenerationError/unknownMovie(_:)``. As there, a movie that is only
///   ever a label need not be in the lookup.
/// - Digits in `(YYYY)` are ASCII only (Python's `\d` also accepts other Unicode digits).
///
/// - Complexity: O(n log n) for n ratings (the per-user sorts), plus
///   O(e × (maxContextLength + maxContextGenreLength)) to write e examples.
public struct SequentialExamples: Sendable {
  /// How movie ids are stored in `context_movie_id` and `label_movie_id`.
  public enum MovieIDEncoding: String, Hashable, Sendable {
    /// Int64, as the reference's TFRecords store them.
    case int64
    /// Decimal strings, as the tutorial's model sees them after `tf.strings.as_string`.
    case string
  }

  /// The generator's settings. Defaults are the tutorial's flags
  /// (`--min_timeline_length=3 --max_context_length=10 --max_context_movie_genre_length=10
  /// --min_rating=2 --train_data_fraction=0.9`); the script's own default for `min_rating`
  /// is none.
  public struct Configuration: Hashable, Sendable {
    /// Context movies per example (`max_context_length`). At least 0.
    public var maxContextLength: Int
    /// Genre names per example (`max_context_movie_genre_length`). At least 0.
    public var maxContextGenreLength: Int
    /// Shortest timeline, after rating filtering, that yields examples
    /// (`min_timeline_length`). A timeline of one rating yields none anyway.
    public var minTimelineLength: Int
    /// Ratings below this are dropped before timelines are built (`min_rating`); nil keeps all.
    public var minRating: Float?
    /// Fraction of examples that go to `train` (`train_data_fraction`), in `0...1`.
    public var trainFraction: Double
    /// Seed of the example shuffle before the split.
    public var seed: UInt64
    /// Whether to shuffle before splitting (the reference's `shuffle` argument).
    public var shuffle: Bool
    /// How movie ids are stored.
    public var movieIDEncoding: MovieIDEncoding

    /// A configuration; every default is the tutorial's.
    public init(
      seed: UInt64, maxContextLength: Int = 10, maxContextGenreLength: Int = 10,
      minTimelineLength: Int = 3, minRating: Float? = 2, trainFraction: Double = 0.9,
      shuffle: Bool = true, movieIDEncoding: MovieIDEncoding = .int64
    ) {
      self.seed = seed
      self.maxContextLength = maxContextLength
      self.maxContextGenreLength = maxContextGenreLength
      self.minTimelineLength = minTimelineLength
      self.minRating = minRating
      self.trainFraction = trainFraction
      self.shuffle = shuffle
      self.movieIDEncoding = movieIDEncoding
    }

    func validate() throws {
      func fail(_ message: String) -> ExampleGenerationError { .invalidConfiguration(message) }
      guard maxContextLength >= 0 else { throw fail("maxContextLength \(maxContextLength) < 0") }
      guard maxContextGenreLength >= 0 else {
        throw fail("maxContextGenreLength \(maxContextGenreLength) < 0")
      }
      guard trainFraction >= 0, trainFraction <= 1 else {
        throw fail("trainFraction \(trainFraction) is not in 0...1")
      }
      if let minRating, minRating.isNaN { throw fail("minRating is NaN") }
    }
  }

  /// The column names, in order.
  public static let columnNames = [
    "context_movie_id", "context_movie_rating", "context_movie_genre", "context_movie_year",
    "label_movie_id",
  ]
  /// The genre padding value.
  public static let genrePadding = "UNK"

  /// The training examples.
  public let train: FeatureBatch
  /// The test examples.
  public let test: FeatureBatch
  /// The settings the examples were made with.
  public let configuration: Configuration

  /// Generates the examples.
  ///
  /// - Parameters:
  ///   - ratings: the ratings, in file order (the order breaks timestamp ties).
  ///   - movies: titles and genres by movie id, for every movie that appears in a context.
  ///   - configuration: the settings.
  /// - Throws: ``ExampleGenerationError``.
  public init(
    ratings: MovieLensRatings, movies: [Int32: MovieLensMovie], configuration: Configuration
  ) throws {
    try configuration.validate()
    try ratings.checkColumns()
    self.configuration = configuration

    // Timelines: rows grouped by user, each sorted by (timestamp, file position).
    let minRating = configuration.minRating
    let grouped = ratings.rowsByUser { i in minRating.map { ratings.rating[i] >= $0 } ?? true }
    var order: [Int] = []  // row indices, timeline after timeline
    var examples: [(start: Int, label: Int)] = []  // positions in `order`
    for var rows in grouped.rows where rows.count >= configuration.minTimelineLength {
      rows.sort { (ratings.timestamp[$0], $0) < (ratings.timestamp[$1], $1) }
      let start = order.count
      order += rows
      for label in (start + 1)..<max(start + 1, order.count) {
        examples.append((start, label))
      }
    }

    if configuration.shuffle {
      var rng = SplitMix64(seed: SeedSequence.derive(configuration.seed))
      var i = examples.count
      while i > 1 {
        let j = rng.next(below: i)
        i -= 1
        examples.swapAt(i, j)
      }
    }
    let trainCount = Int(
      (Double(examples.count) * configuration.trainFraction).rounded(.toNearestOrEven))

    var writer = Writer(
      ratings: ratings, movies: movies, order: order, configuration: configuration)
    train = try writer.batch(examples[..<trainCount])
    test = try writer.batch(examples[trainCount...])
  }
}

// MARK: - Writing columns

extension SequentialExamples {
  /// Builds the columns of a run of examples; caches each movie's year and genres.
  private struct Writer {
    let ratings: MovieLensRatings
    let movies: [Int32: MovieLensMovie]
    let order: [Int]
    let configuration: Configuration
    var features: [Int32: (year: Int64, genres: [String])] = [:]

    init(
      ratings: MovieLensRatings, movies: [Int32: MovieLensMovie], order: [Int],
      configuration: Configuration
    ) {
      self.ratings = ratings
      self.movies = movies
      self.order = order
      self.configuration = configuration
    }

    mutating func movieFeatures(_ id: Int32) throws -> (year: Int64, genres: [String]) {
      if let cached = features[id] { return cached }
      guard let movie = movies[id] else { throw ExampleGenerationError.unknownMovie(id) }
      let year = SequentialExamples.firstParenthesizedYear(movie.title) ?? 0
      let value = (Int64(year), movie.genres)
      features[id] = value
      return value
    }

    mutating func batch<C: Collection>(_ examples: C) throws -> FeatureBatch
    where C.Element == (start: Int, label: Int) {
      let width = configuration.maxContextLength
      let genreWidth = configuration.maxContextGenreLength
      let padding = SequentialExamples.genrePadding
      var ids: [Int64] = []
      var contextRatings: [Float] = []
      var years: [Int64] = []
      var genres = StringArray()
      var labels: [Int64] = []
      ids.reserveCapacity(examples.count * width)
      contextRatings.reserveCapacity(examples.count * width)
      years.reserveCapacity(examples.count * width)
      labels.reserveCapacity(examples.count)
      var exampleGenres: [String] = []
      for (start, label) in examples {
        exampleGenres.removeAll(keepingCapacity: true)
        let context = max(start, label - width)..<label
        for position in context {
          let row = order[position]
          let movie = ratings.movie[row]
          let (year, movieGenres) = try movieFeatures(movie)
          ids.append(Int64(movie))
          contextRatings.append(ratings.rating[row])
          years.append(year)
          exampleGenres += movieGenres.prefix(genreWidth - exampleGenres.count)
        }
        let pad = width - context.count
        ids += repeatElement(0, count: pad)
        contextRatings += repeatElement(0, count: pad)
        years += repeatElement(0, count: pad)
        for genre in exampleGenres { genres.append(genre) }
        for _ in exampleGenres.count..<genreWidth { genres.append(padding) }
        labels.append(Int64(ratings.movie[order[label]]))
      }

      let offsets = (0...examples.count).map { $0 * width }
      let genreOffsets = (0...examples.count).map { $0 * genreWidth }
      let idValues: FeatureColumn.Values
      let labelColumn: FeatureColumn
      switch configuration.movieIDEncoding {
      case .int64:
        idValues = .int64(ids)
        labelColumn = .int64(labels)
      case .string:
        idValues = .string(StringArray(ids.lazy.map { String($0) }))
        labelColumn = .string(labels.map { String($0) })
      }
      return try FeatureBatch([
        ("context_movie_id", FeatureColumn(lists: idValues, offsets: offsets)!),
        ("context_movie_rating", FeatureColumn(lists: .float(contextRatings), offsets: offsets)!),
        ("context_movie_genre", FeatureColumn(lists: .string(genres), offsets: genreOffsets)!),
        ("context_movie_year", FeatureColumn(lists: .int64(years), offsets: offsets)!),
        ("label_movie_id", labelColumn),
      ])
    }
  }

  /// The year in the first `(YYYY)` of `title` (four ASCII digits in parentheses), if any:
  /// the reference's `re.search(r"\((\d{4})\)", title)`.
  ///
  ///     SequentialExamples.firstParenthesizedYear("Remake (1999) of Original (2005)")  // 1999
  ///     SequentialExamples.firstParenthesizedYear("Series (2005-2006)")               // nil
  ///
  /// - Complexity: O(title length).
  public static func firstParenthesizedYear(_ title: String) -> Int? {
    let bytes = Array(title.utf8)
    guard bytes.count >= 6 else { return nil }
    let isDigit = { (b: UInt8) in b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
    for i in 0...(bytes.count - 6) where bytes[i] == UInt8(ascii: "(") {
      let digits = bytes[(i + 1)...(i + 4)]
      guard bytes[i + 5] == UInt8(ascii: ")"), digits.allSatisfy(isDigit) else { continue }
      return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
    return nil
  }
}
