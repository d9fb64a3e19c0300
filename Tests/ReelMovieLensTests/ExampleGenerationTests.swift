import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelMovieLens

/// Sequential and listwise example generation against `Fixtures/golden/movielens_examples.json`
/// (written by `scripts/golden/movielens_examples_golden.py` from the reference code).
final class ExampleGenerationTests: XCTestCase {
  static let goldenFile = "movielens_examples.json"

  // MARK: - Helpers

  /// The ratings and movie lookup of a golden case's input.
  func tables(_ input: JSONValue) throws -> (MovieLensRatings, [Int32: MovieLensMovie]) {
    guard case .object(let object) = input, let rows = object["ratings"]?.arrayValue,
      let movieRows = object["movies"]?.arrayValue
    else { throw TestFailure("bad golden input") }
    var ratings = MovieLensRatings()
    for row in rows {
      guard let r = row.arrayValue, r.count == 4, let user = r[0].intValue,
        let movie = r[1].intValue, let rating = r[2].doubleValue, let time = r[3].intValue
      else { throw TestFailure("bad rating row \(row)") }
      ratings.user.append(Int32(user))
      ratings.movie.append(Int32(movie))
      ratings.rating.append(Float(rating))
      ratings.timestamp.append(Int64(time))
    }
    var movies: [Int32: MovieLensMovie] = [:]
    for row in movieRows {
      guard let m = row.arrayValue, m.count == 3, let id = m[0].intValue,
        let title = m[1].stringValue, let genres = m[2].arrayValue?.compactMap(\.stringValue)
      else { throw TestFailure("bad movie row \(row)") }
      movies[Int32(id)] = MovieLensMovie(id: Int32(id), title: title, genres: genres)
    }
    return (ratings, movies)
  }

  /// Each row of `column` as an array of `T`.
  func rows<T>(_ column: FeatureColumn, _ values: [T]) -> [[T]] {
    guard let offsets = column.listOffsets else { return values.map { [$0] } }
    return (0..<column.rowCount).map { Array(values[offsets[$0]..<offsets[$0 + 1]]) }
  }

  func stringRows(_ column: FeatureColumn) -> [[String]] {
    rows(column, Array(column.stringValues ?? []))
  }

  /// A sequential batch as the golden file writes examples.
  func examples(_ batch: FeatureBatch) throws -> [SequentialExample] {
    let ids = try batch.column("context_movie_id")
    let ratings = try batch.column("context_movie_rating")
    let genres = try batch.column("context_movie_genre")
    let years = try batch.column("context_movie_year")
    let labels = try batch.column("label_movie_id")
    XCTAssertEqual(batch.names, SequentialExamples.columnNames)
    XCTAssertFalse(labels.isList)
    let idRows = rows(ids, ids.int64Values ?? [])
    let ratingRows = rows(ratings, ratings.floatValues ?? [])
    let genreRows = stringRows(genres)
    let yearRows = rows(years, years.int64Values ?? [])
    let labelValues = labels.int64Values ?? []
    return (0..<batch.rowCount).map {
      SequentialExample(
        ids: idRows[$0], ratings: ratingRows[$0], genres: genreRows[$0], years: yearRows[$0],
        label: labelValues[$0])
    }
  }

  func goldenExamples(_ value: JSONValue?) throws -> [SequentialExample] {
    guard let array = value?.arrayValue else { throw TestFailure("no examples") }
    return try array.map { example in
      guard case .object(let e) = example, let ids = e["context_movie_id"]?.intArray,
        let ratings = e["context_movie_rating"]?.arrayValue?.compactMap(\.doubleValue),
        let genres = e["context_movie_genre"]?.arrayValue?.compactMap(\.stringValue),
        let years = e["context_movie_year"]?.intArray,
        let label = e["label_movie_id"]?.intArray, label.count == 1
      else { throw TestFailure("bad golden example \(example)") }
      return SequentialExample(
        ids: ids.map(Int64.init), ratings: ratings.map(Float.init), genres: genres,
        years: years.map(Int64.init), label: Int64(label[0]))
    }
  }

  func configuration(_ c: GoldenCase, seed: UInt64 = 0, shuffle: Bool = false) throws
    -> SequentialExamples.Configuration
  {
    guard let context = c.int("max_context_length"),
      let genres = c.int("max_context_movie_genre_length"),
      let minLength = c.int("min_timeline_length"),
      let fraction = c.params["train_data_fraction"]?.doubleValue
    else { throw TestFailure("\(c.name): bad params") }
    return .init(
      seed: seed, maxContextLength: context, maxContextGenreLength: genres,
      minTimelineLength: minLength, minRating: c.params["min_rating"]?.doubleValue.map(Float.init),
      trainFraction: fraction, shuffle: shuffle)
  }

  func ratings(_ rows: [(Int32, Int32, Float, Int64)]) -> MovieLensRatings {
    MovieLensRatings(
      user: rows.map(\.0), movie: rows.map(\.1), rating: rows.map(\.2), timestamp: rows.map(\.3))
  }

  let smallMovies: [Int32: MovieLensMovie] = [
    1: MovieLensMovie(id: 1, title: "A (2001)", genres: ["Drama"]),
    2: MovieLensMovie(id: 2, title: "B (2002)", genres: ["Comedy", "Romance"]),
    3: MovieLensMovie(id: 3, title: "C", genres: []),
    4: MovieLensMovie(id: 4, title: "D (2004)", genres: ["War"]),
  ]

  // MARK: - Sequential: golden

  func testSequentialMatchesReferenceWithoutShuffle() throws {
    let cases = try Golden.cases(Self.goldenFile, op: "sequential")
    XCTAssertEqual(cases.count, 5)
    for c in cases {
      let (ratings, movies) = try tables(c.input)
      guard case .object(let output) = c.output else { throw TestFailure("\(c.name): output") }
      let made = try SequentialExamples(
        ratings: ratings, movies: movies, configuration: try configuration(c))
      XCTAssertEqual(try examples(made.train), try goldenExamples(output["train"]), c.name)
      XCTAssertEqual(try examples(made.test), try goldenExamples(output["test"]), c.name)
    }
  }

  func testSequentialShuffleIsAPermutationOfTheReferenceWithTheSameSplit() throws {
    for c in try Golden.cases(Self.goldenFile, op: "sequential") {
      let (ratings, movies) = try tables(c.input)
      guard case .object(let output) = c.output else { throw TestFailure("\(c.name): output") }
      let expected = try goldenExamples(output["train"]) + goldenExamples(output["test"])
      let made = try SequentialExamples(
        ratings: ratings, movies: movies,
        configuration: try configuration(c, seed: 9, shuffle: true))
      let train = try examples(made.train)
      let test = try examples(made.test)
      XCTAssertEqual(train.count, try goldenExamples(output["train"]).count, c.name)
      XCTAssertEqual((train + test).sorted(), expected.sorted(), c.name)
    }
  }

  // MARK: - Sequential: behaviour

  func testSequentialIsDeterministicForASeed() throws {
    let c = try XCTUnwrap(Golden.cases(Self.goldenFile, op: "sequential").first)
    let (ratings, movies) = try tables(c.input)
    func make(_ seed: UInt64) throws -> SequentialExamples {
      try SequentialExamples(
        ratings: ratings, movies: movies, configuration: .init(seed: seed, minRating: nil))
    }
    let a = try make(42)
    let b = try make(42)
    XCTAssertEqual(a.train, b.train)
    XCTAssertEqual(a.test, b.test)
    // Some seed among a few orders the 24 examples differently.
    let others = try (43..<48).map { try make($0) }
    XCTAssertTrue(others.contains { $0.train != a.train })
  }

  func testTimestampTiesKeepFileOrder() throws {
    let r = ratings([(7, 3, 4, 100), (7, 1, 5, 100), (7, 2, 3, 100), (7, 4, 2, 50)])
    let made = try SequentialExamples(
      ratings: r, movies: smallMovies,
      configuration: .init(
        seed: 1, maxContextLength: 4, maxContextGenreLength: 3, trainFraction: 1, shuffle: false))
    let got = try examples(made.train)
    XCTAssertEqual(got.map(\.label), [3, 1, 2])
    XCTAssertEqual(got.last?.ids, [4, 3, 1, 0])
    XCTAssertEqual(got.last?.ratings, [2, 4, 5, 0])
    XCTAssertEqual(got.last?.years, [2004, 0, 2001, 0])
    // Movie 3 has no genres; the three slots are War, Drama, then padding.
    XCTAssertEqual(got.last?.genres, ["War", "Drama", "UNK"])
    XCTAssertEqual(made.test.rowCount, 0)
  }

  func testMinRatingFiltersBeforeTimelineLength() throws {
    // User 1 has three ratings but one is below 2, so with minRating 2 its timeline is too
    // short; user 2 keeps all three. A rating equal to minRating is kept.
    let r = ratings([
      (1, 1, 5, 1), (1, 2, 1, 2), (1, 3, 4, 3), (2, 1, 2, 1), (2, 2, 3, 2), (2, 4, 2.5, 3),
    ])
    let filtered = try SequentialExamples(
      ratings: r, movies: smallMovies,
      configuration: .init(seed: 0, trainFraction: 1, shuffle: false))
    XCTAssertEqual(try examples(filtered.train).map(\.label), [2, 4])
    let unfiltered = try SequentialExamples(
      ratings: r, movies: smallMovies,
      configuration: .init(seed: 0, minRating: nil, trainFraction: 1, shuffle: false))
    XCTAssertEqual(try examples(unfiltered.train).map(\.label), [2, 3, 2, 4])
  }

  func testUsersBelowMinimumLengthAndEmptyInput() throws {
    let r = ratings([(1, 1, 5, 1), (1, 2, 5, 2), (2, 3, 5, 1)])
    let made = try SequentialExamples(
      ratings: r, movies: smallMovies, configuration: .init(seed: 3))
    XCTAssertEqual(made.train.rowCount, 0)
    XCTAssertEqual(made.test.rowCount, 0)
    XCTAssertEqual(made.train.names, SequentialExamples.columnNames)
    let none = try SequentialExamples(
      ratings: MovieLensRatings(), movies: [:], configuration: .init(seed: 3))
    XCTAssertEqual(none.train.rowCount + none.test.rowCount, 0)
  }

  func testContextKeepsTheLastMoviesAndStringIDs() throws {
    let r = ratings((1...4).map { (9, Int32($0), Float($0), Int64($0)) })
    let made = try SequentialExamples(
      ratings: r, movies: smallMovies,
      configuration: .init(
        seed: 0, maxContextLength: 2, maxContextGenreLength: 2, minRating: nil,
        trainFraction: 1, shuffle: false, movieIDEncoding: .string))
    let ids = try made.train.column("context_movie_id")
    XCTAssertEqual(stringRows(ids), [["1", "0"], ["1", "2"], ["2", "3"]])
    XCTAssertEqual(Array(try made.train.string("label_movie_id")), ["2", "3", "4"])
    XCTAssertEqual(
      stringRows(try made.train.column("context_movie_genre")),
      [["Drama", "UNK"], ["Drama", "Comedy"], ["Comedy", "Romance"]])
  }

  func testTrainCountRoundsHalfToEven() throws {
    // 5 examples: 0.5 × 5 = 2.5 → 2 (Python's round); 0.3 × 5 = 1.5 → 2.
    let r = ratings((1...6).map { (1, Int32($0 % 4 + 1), 3, Int64($0)) })
    for (fraction, expected) in [(0.5, 2), (0.3, 2), (0.9, 4), (0.0, 0), (1.0, 5)] {
      let made = try SequentialExamples(
        ratings: r, movies: smallMovies,
        configuration: .init(seed: 5, minRating: nil, trainFraction: fraction))
      XCTAssertEqual(made.train.rowCount, expected, "\(fraction)")
      XCTAssertEqual(made.test.rowCount, 5 - expected, "\(fraction)")
    }
  }

  func testFirstParenthesizedYear() {
    let year = SequentialExamples.firstParenthesizedYear
    XCTAssertEqual(year("Toy Story (1995)"), 1995)
    XCTAssertEqual(year("Shanghai Triad (Yao a yao yao dao waipo qiao) (1995)"), 1995)
    XCTAssertEqual(year("Remake (1999) of Original (2005)"), 1999)
    XCTAssertNil(year("Series (2005-2006)"))
    XCTAssertNil(year("Untitled"))
    XCTAssertNil(year("(199)"))
    XCTAssertEqual(year("(2000)"), 2000)
  }

  func testSequentialErrors() throws {
    let r = ratings([(1, 1, 5, 1), (1, 99, 5, 2), (1, 2, 5, 3)])
    XCTAssertThrowsError(
      try SequentialExamples(ratings: r, movies: smallMovies, configuration: .init(seed: 0))
    ) { XCTAssertEqual($0 as? ExampleGenerationError, .unknownMovie(99)) }
    // A movie that is only ever a label needs no lookup entry, as in the reference.
    let labelOnly = ratings([(1, 1, 5, 1), (1, 2, 5, 2), (1, 99, 5, 3)])
    XCTAssertNoThrow(
      try SequentialExamples(
        ratings: labelOnly, movies: smallMovies, configuration: .init(seed: 0)))
    XCTAssertThrowsError(
      try SequentialExamples(
        ratings: r, movies: smallMovies, configuration: .init(seed: 0, trainFraction: 1.5)))
    XCTAssertThrowsError(
      try SequentialExamples(
        ratings: r, movies: smallMovies, configuration: .init(seed: 0, maxContextLength: -1)))
    var bad = r
    bad.timestamp.removeLast()
    XCTAssertThrowsError(
      try SequentialExamples(ratings: bad, movies: smallMovies, configuration: .init(seed: 0)))
  }

  // MARK: - Listwise

  func testListwiseMatchesReferenceStructure() throws {
    let cases = try Golden.cases(Self.goldenFile, op: "listwise")
    XCTAssertEqual(cases.count, 4)
    for c in cases {
      let (ratings, movies) = try tables(c.input)
      guard case .object(let output) = c.output, let golden = output["rows"]?.arrayValue,
        let lists = c.int("num_list_per_user"), let size = c.int("num_examples_per_list")
      else { throw TestFailure("\(c.name): bad case") }
      let made = try ListwiseExamples(
        ratings: ratings, movies: movies,
        configuration: .init(
          numListsPerUser: lists, listSize: size, seed: UInt64(c.int("seed") ?? 0)))
      let batch = made.batch
      XCTAssertEqual(batch.names, ListwiseExamples.columnNames, c.name)
      // Same users, same number of rows each, same order as the reference.
      let goldenUsers = golden.compactMap { row -> String? in
        guard case .object(let r) = row else { return nil }
        return r["user_id"]?.stringValue
      }
      XCTAssertEqual(Array(try batch.string("user_id")), goldenUsers, c.name)
      try checkListsAreSamples(batch, ratings: ratings, movies: movies, size: size, c.name)
    }
  }

  /// Every row's (title, rating) pairs are `size` distinct ratings of that user.
  func checkListsAreSamples(
    _ batch: FeatureBatch, ratings: MovieLensRatings, movies: [Int32: MovieLensMovie], size: Int,
    _ name: String
  ) throws {
    var pool: [String: [String]] = [:]  // user -> "title|rating" per rating
    for i in 0..<ratings.count {
      let key = "\(movies[ratings.movie[i]]!.title)|\(ratings.rating[i])"
      pool[String(ratings.user[i]), default: []].append(key)
    }
    let users = try batch.string("user_id")
    let titles = stringRows(try batch.column("movie_title"))
    let values = try batch.column("user_rating")
    let ratingRows = rows(values, values.floatValues ?? [])
    for row in 0..<batch.rowCount {
      XCTAssertEqual(titles[row].count, size, name)
      XCTAssertEqual(ratingRows[row].count, size, name)
      var available = pool[users[row]] ?? []
      for (title, rating) in zip(titles[row], ratingRows[row]) {
        let key = "\(title)|\(rating)"
        guard let at = available.firstIndex(of: key) else {
          return XCTFail("\(name): row \(row) has \(key) twice or not from user \(users[row])")
        }
        available.remove(at: at)
      }
    }
  }

  func testListwiseDeterminismAndSkippedUsers() throws {
    let r = ratings([
      (1, 1, 5, 1), (2, 1, 1, 1), (1, 2, 4, 2), (1, 3, 3, 3), (2, 2, 2, 2), (3, 4, 1, 1),
    ])
    let configuration = ListwiseExamples.Configuration(numListsPerUser: 6, listSize: 2, seed: 8)
    let a = try ListwiseExamples(ratings: r, movies: smallMovies, configuration: configuration)
    let b = try ListwiseExamples(ratings: r, movies: smallMovies, configuration: configuration)
    XCTAssertEqual(a.batch, b.batch)
    // User 3 has one rating: skipped. Users in order of first appearance.
    let expectedUsers = Array(repeating: "1", count: 6) + Array(repeating: "2", count: 6)
    XCTAssertEqual(Array(try a.batch.string("user_id")), expectedUsers)
    try checkListsAreSamples(a.batch, ratings: r, movies: smallMovies, size: 2, "small")
    // User 2 has exactly two ratings: every list is both of them, in either order.
    let titles = stringRows(try a.batch.column("movie_title"))
    for list in titles[6...] {
      XCTAssertEqual(Set(list), ["A (2001)", "B (2002)"])
    }
    // User 1's six lists (2 of 3 ratings each) are drawn independently: not all the same.
    XCTAssertGreaterThan(Set(titles[..<6]).count, 1)
    // A user's lists do not depend on other users.
    let alone = try ListwiseExamples(
      ratings: ratings([(1, 1, 5, 1), (1, 2, 4, 2), (1, 3, 3, 3)]), movies: smallMovies,
      configuration: configuration)
    XCTAssertEqual(alone.batch, a.batch.slice(0..<6))
  }

  func testListwiseListLargerThanEveryUser() throws {
    let r = ratings([(1, 1, 5, 1), (1, 2, 4, 2)])
    let made = try ListwiseExamples(
      ratings: r, movies: smallMovies,
      configuration: .init(numListsPerUser: 3, listSize: 3, seed: 1))
    XCTAssertEqual(made.batch.rowCount, 0)
    XCTAssertEqual(made.batch.names, ListwiseExamples.columnNames)
    XCTAssertTrue(try made.batch.column("movie_title").isList)
  }

  func testListwiseSamplesUniformly() throws {
    // 4 ratings, lists of 1: each movie is drawn about a quarter of the time.
    let r = ratings((1...4).map { (1, Int32($0), 3, Int64($0)) })
    let made = try ListwiseExamples(
      ratings: r, movies: smallMovies,
      configuration: .init(numListsPerUser: 4000, listSize: 1, seed: 11))
    var counts: [String: Int] = [:]
    for title in stringRows(try made.batch.column("movie_title")) {
      counts[title[0], default: 0] += 1
    }
    XCTAssertEqual(counts.count, 4)
    for (title, n) in counts { XCTAssert((850...1150).contains(n), "\(title): \(n)") }
  }

  func testListwiseErrors() throws {
    let r = ratings([(1, 1, 5, 1), (1, 77, 4, 2)])
    XCTAssertThrowsError(
      try ListwiseExamples(
        ratings: r, movies: smallMovies,
        configuration: .init(numListsPerUser: 1, listSize: 2, seed: 0))
    ) { XCTAssertEqual($0 as? ExampleGenerationError, .unknownMovie(77)) }
    XCTAssertThrowsError(
      try ListwiseExamples(
        ratings: r, movies: smallMovies,
        configuration: .init(numListsPerUser: 1, listSize: -1, seed: 0)))
  }
}

/// One sequential example in plain arrays, for comparisons.
struct SequentialExample: Equatable, Comparable, CustomStringConvertible {
  var ids: [Int64]
  var ratings: [Float]
  var genres: [String]
  var years: [Int64]
  var label: Int64

  static func < (a: Self, b: Self) -> Bool { a.description < b.description }

  var description: String { "\(ids) \(ratings) \(genres) \(years) -> \(label)" }
}

extension JSONValue {
  fileprivate var doubleValue: Double? {
    switch self {
    case .double(let v): return v
    case .int(let v): return Double(v)
    case .uint(let v): return Double(v)
    default: return nil
    }
  }
}
