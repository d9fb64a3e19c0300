import Foundation
import ReelPipeline
import XCTest
import ZIPFoundation

@testable import ReelMovieLens

final class MovieLensSourceTests: XCTestCase {
  var root: URL!

  override func setUp() { root = TinyRelease.folder() }
  override func tearDown() { try? FileManager.default.removeItem(at: root) }

  func testML100kTablesFeaturesAndReleaseSplit() throws {
    _ = try TinyRelease.ml100k(in: root)
    let source = try MovieLensSource(path: root.path)
    XCTAssertEqual(source.release, .ml100k)
    let movies = try source.movies()
    XCTAssertEqual(movies.map(\.title), ["Toy Story (1995)", "Misérables, Les (1995)", "unknown"], "latin-1 decoded")
    XCTAssertEqual(movies[0].genres, ["Animation", "Children's", "Comedy"])
    XCTAssertEqual(movies[1].releaseDate, "4-Feb-1971")
    XCTAssertEqual(movies[0].year, 1995)
    XCTAssertNil(movies[2].year)
    let users = try source.users()
    XCTAssertEqual(users.map(\.zipCode), ["85711", "T8H1N"])
    let features = try MovieLensFeatures(source: source)
    let (ratings, skipped) = try source.loadRatings()
    XCTAssertEqual(skipped, [])
    let batch = try features.ratings(ratings)
    XCTAssertEqual(batch.names, [
      "user_id", "movie_id", "movie_title", "movie_genres", "user_rating", "timestamp", "user_gender",
      "bucketized_user_age", "raw_user_age", "user_occupation_label", "user_occupation_text", "user_zip_code",
    ])
    XCTAssertEqual(Array(try batch.string("user_id")), ["1", "2", "1", "2"])
    XCTAssertEqual(try batch.column("movie_genres").value(at: 0), .list([.int32(2), .int32(3), .int32(4)]))
    XCTAssertEqual(try batch.column("movie_genres").value(at: 2), .list([.int32(17)]), "unknown → Unknown")
    XCTAssertEqual(try batch.int32("user_gender"), [1, 0, 1, 0])
    XCTAssertEqual(try batch.float("bucketized_user_age"), [18, 50, 18, 50])
    XCTAssertEqual(try batch.float("raw_user_age"), [24, 53, 24, 53])
    XCTAssertEqual(try batch.int32("user_occupation_label"), [18, 11, 18, 11])
    XCTAssertEqual(Array(try batch.string("user_occupation_text")), ["technician", "other", "technician", "other"])
    XCTAssertEqual(try MovieLensSplit.releaseFiles("u1").assign(ratings, source: source), [true, false, true, true])
    XCTAssertNil(try source.genres(), "no u.genre: the built-in names are used")
    var parser = MovieLensTableParser(release: .ml100k)
    XCTAssertThrowsError(try parser.genres(Array("unknown|0\nAction|2\n".utf8), file: "u.genre")) {
      XCTAssertEqual($0 as? MovieLensError, .badLine(file: "u.genre", line: 2, reason: "genre index 2 out of order (expected 1)"))
    }
  }

  func testML1mDemographicsAndCodes() throws {
    _ = try TinyRelease.ml1m(in: root)
    let source = try MovieLensSource(path: root.appendingPathComponent("ml-1m").path)
    XCTAssertEqual(source.release, .ml1m)
    XCTAssertEqual(try source.movies().map(\.title), ["James and the Giant Peach (1996)", "Alien³ (1992)"])
    let batch = try MovieLensFeatures(source: source).ratings(try source.loadRatings().ratings)
    XCTAssertEqual(try batch.float("bucketized_user_age"), [1, 1, 56])
    XCTAssertEqual(Array(try batch.string("user_occupation_text")), ["K-12 student", "K-12 student", "other/not specified"])
    XCTAssertEqual(try batch.int32("user_occupation_label"), [17, 17, 11])
    XCTAssertFalse(batch.names.contains("raw_user_age"))
    XCTAssertEqual(try batch.column("movie_genres").value(at: 1), .list([.int32(2), .int32(3), .int32(12)]), "Children's → Children")
  }

  func testCSVReleaseQuotingTagsLinksAndZip() throws {
    let folder = try TinyRelease.mlLatestSmall(in: root)
    let source = try MovieLensSource(path: folder.path)
    XCTAssertEqual(source.release, .latestSmall)
    XCTAssertEqual(try source.movies().map(\.title), [
      "Toy Story (1995)", "American President, The (1995)", "11'09\"01 - September 11 (2002)",
    ])
    XCTAssertEqual(try source.tags().map(\.tag), ["\"artsy\", slow"])
    XCTAssertEqual(try source.links().map(\.imdbId), ["0114709", "0112346", "0332452"])
    XCTAssertEqual(try source.links().map(\.tmdbId), [862, nil, 1234])
    let batch = try MovieLensFeatures(source: source).ratings(try source.loadRatings().ratings)
    XCTAssertEqual(try batch.column("movie_genres").value(at: 3), .list([.int32(20)]))
    XCTAssertFalse(batch.names.contains("user_gender"))

    // The same release straight from a zip.
    let zip = root.appendingPathComponent("ml-latest-small.zip")
    try FileManager.default.zipItem(at: folder, to: zip)
    let zipped = try MovieLensSource(path: zip.path)
    XCTAssertEqual(zipped.release, .latestSmall)
    XCTAssertEqual(try zipped.loadRatings().ratings.user, try source.loadRatings().ratings.user)
    XCTAssertEqual(try zipped.movies(), try source.movies())

    // A truncated zip is a clear error.
    let bytes = try Data(contentsOf: zip)
    let truncated = root.appendingPathComponent("truncated.zip")
    try bytes.prefix(bytes.count / 2).write(to: truncated)
    XCTAssertThrowsError(try MovieLensSource(path: truncated.path)) {
      guard case MovieLensError.badArchive(let path, _) = $0 else { return XCTFail("\($0)") }
      XCTAssertEqual(path, truncated.path)
    }
  }

  func testMissingFilesAndUnknownLayouts() throws {
    let folder = try TinyRelease.ml100k(in: root)
    try FileManager.default.removeItem(at: folder.appendingPathComponent("u.user"))
    XCTAssertThrowsError(try MovieLensSource(path: root.path)) {
      XCTAssertEqual($0 as? MovieLensError, .missingFile(release: "ml-100k", file: "u.user", location: self.root.path))
    }
    let empty = root.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    XCTAssertThrowsError(try MovieLensSource(path: empty.path)) {
      guard case MovieLensError.unknownLayout = $0 else { return XCTFail("\($0)") }
    }
  }

  func testBadTableLinesNameFileAndLine() throws {
    let folder = try TinyRelease.mlLatestSmall(in: root)
    try Data("movieId,title,genres\r\n1,\"Broken (1995),Drama\r\n".utf8).write(to: folder.appendingPathComponent("movies.csv"))
    XCTAssertThrowsError(try MovieLensSource(path: folder.path).movies()) {
      guard case MovieLensError.badLine(let file, 2, let reason) = $0 else { return XCTFail("\($0)") }
      XCTAssertTrue(file.hasSuffix("movies.csv"))
      XCTAssertTrue(reason.contains("unterminated quote"))
    }
    let skipped = try MovieLensSource(path: folder.path).movies(onBadLine: .skip)
    XCTAssertEqual(skipped, [])
    try Data(TinyRelease.latin1("1::Caf\u{e9} (1999)::Drama\n")).write(to: folder.appendingPathComponent("bad.dat"))
    var parser = MovieLensTableParser(release: .ml10m)
    XCTAssertThrowsError(try parser.movies(TinyRelease.latin1("1::Caf\u{e9} (1999)::Drama\n"), file: "movies.dat")) {
      XCTAssertEqual($0 as? MovieLensError, .badLine(file: "movies.dat", line: 1, reason: "invalid UTF-8"))
    }
  }

  func testSplitsAreDeterministicAndLeakageSafe() throws {
    var ratings = MovieLensRatings()
    for u in 1...20 {
      for k in 0..<10 {
        ratings.user.append(Int32(u))
        ratings.movie.append(Int32(k + 1))
        ratings.rating.append(4)
        ratings.timestamp.append(Int64(1000 + k * 100 + u))
      }
    }
    let random = try MovieLensSplit.random(trainFraction: 0.8, seed: 1).assign(ratings)
    XCTAssertEqual(random, try MovieLensSplit.random(trainFraction: 0.8, seed: 1).assign(ratings))
    XCTAssertEqual(Double(random.filter { $0 }.count) / 200, 0.8, accuracy: 0.08)
    let temporal = try MovieLensSplit.temporal(trainFraction: 0.8).assign(ratings)
    XCTAssertEqual(temporal.filter { $0 }.count, 160)
    let lastTrain = zip(ratings.timestamp, temporal).filter { $1 }.map(\.0).max()!
    let firstTest = zip(ratings.timestamp, temporal).filter { !$1 }.map(\.0).min()!
    XCTAssertLessThanOrEqual(lastTrain, firstTest, "no test rating is earlier than a train rating")
    let perUser = try MovieLensSplit.temporalPerUser(trainFraction: 0.7).assign(ratings)
    for u in 1...20 {
      let rows = (0..<200).filter { ratings.user[$0] == Int32(u) }
      XCTAssertEqual(rows.filter { perUser[$0] }.count, 7)
      XCTAssertEqual(rows.filter { perUser[$0] }.map { ratings.timestamp[$0] }.max()!, Int64(1000 + 600 + u))
    }
    XCTAssertEqual(MovieLensSplit("temporal-per-user:0.9"), .temporalPerUser(trainFraction: 0.9))
    XCTAssertNil(MovieLensSplit("random:1.5"))
    XCTAssertThrowsError(try MovieLensSplit.releaseFiles("u1").assign(ratings))
  }
}
