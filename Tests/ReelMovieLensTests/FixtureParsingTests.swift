import Foundation
import ReelPipeline
import XCTest

@testable import ReelMovieLens

/// Every generated fixture release (Fixtures/movielens) parses, from its folder and from the
/// zip, into TFDS features; ratings come out the same whatever the chunk boundaries.
final class FixtureParsingTests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/movielens")

  static let folders: [(String, MovieLensRelease)] = [
    ("ml-100k", .ml100k), ("ml-1m", .ml1m), ("ml-10M100K", .ml10m), ("ml-25m", .ml25m),
    ("ml-latest-small", .latestSmall),
  ]

  func testEveryReleaseParsesIntoFeatures() throws {
    for (folder, release) in Self.folders {
      let source = try MovieLensSource(path: Self.fixtures.appendingPathComponent(folder).path)
      XCTAssertEqual(source.release, release, folder)
      let (ratings, skipped) = try source.loadRatings()
      XCTAssertEqual(skipped, [], folder)
      XCTAssertGreaterThan(ratings.count, 1000, folder)
      let movies = try source.movies()
      XCTAssertGreaterThan(movies.count, 10, folder)
      XCTAssertEqual(Set(movies.map(\.id)).count, movies.count, "\(folder): unique movie ids")
      let features = try MovieLensFeatures(source: source)
      let batch = try features.ratings(ratings, rows: 0..<min(5000, ratings.count))
      XCTAssertEqual(batch.rowCount, min(5000, ratings.count), folder)
      XCTAssertEqual(batch.names.contains("user_gender"), release == .ml100k || release == .ml1m, folder)
      XCTAssertTrue(try batch.float("user_rating").allSatisfy { (0.5...5).contains($0) }, folder)
      if release.tagsFile != nil { XCTAssertFalse(try source.tags().isEmpty, "\(folder): tags") }
      if release.linksFile != nil { XCTAssertEqual(try source.links().count, movies.count, "\(folder): links") }
      if release == .ml100k {
        XCTAssertEqual(ratings.count, 100_000)
        XCTAssertEqual(Set(ratings.user).count, 943)
        XCTAssertEqual(movies.count, 1682)
        XCTAssertTrue(movies.contains { $0.title.unicodeScalars.contains { $0.value > 0x7F } }, "latin-1 titles decoded")
        XCTAssertEqual(try source.genres(), MovieLensTableParser.ml100kGenres)
        let occupations = try XCTUnwrap(source.occupations())
        XCTAssertEqual(occupations.count, 21)
        XCTAssertTrue(try source.users().allSatisfy { occupations.contains($0.occupation) }, "users' occupations are listed")
      }
    }
  }

  func testZipFixtureMatchesItsFolder() throws {
    let zipped = try MovieLensSource(path: Self.fixtures.appendingPathComponent("ml-latest-small.zip").path)
    let folder = try MovieLensSource(path: Self.fixtures.appendingPathComponent("ml-latest-small").path)
    XCTAssertEqual(zipped.release, .latestSmall)
    XCTAssertEqual(try zipped.loadRatings().ratings.timestamp, try folder.loadRatings().ratings.timestamp)
    XCTAssertEqual(try zipped.movies(), try folder.movies())
  }

  func testRatingsAreTheSameForEveryChunking() throws {
    for (folder, release) in Self.folders {
      let path = Self.fixtures.appendingPathComponent(folder).appendingPathComponent(release.ratingsFile).path
      let parser = RatingsParser(release: release)
      func parse(_ chunkSize: Int) throws -> (users: [Int32], times: [Int64], chunks: Int) {
        let chunks = try Datasets.fileChunks(path, chunkSize: chunkSize).map { try parser.parse($0) }.collect()
        return (chunks.flatMap(\.user), chunks.flatMap(\.timestamp), chunks.count)
      }
      let whole = try parse(1 << 30)
      for size in [97, 1000, 4096, 65_536] {
        let split = try parse(size)
        XCTAssertGreaterThan(split.chunks, 1, "\(folder) at \(size)")
        XCTAssertTrue(split.users == whole.users && split.times == whole.times, "\(folder) split at \(size)-byte chunks")
      }
    }
  }

  func testGeneratedReleaseSplitFilesMatchUData() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("reel-splits-\(UUID())")
    defer { try? FileManager.default.removeItem(at: root) }
    var configuration = MovieLensSynthesizer.Configuration(release: .ml100k, users: 60, movies: 200, ratings: 3000, seed: 5)
    configuration.includeSplits = true
    _ = try MovieLensSynthesizer(configuration).write(to: root)
    let source = try MovieLensSource(path: root.path)
    let ratings = try source.loadRatings().ratings
    for name in ["u1", "u5", "ua"] {
      let train = try MovieLensSplit.releaseFiles(name).assign(ratings, source: source)
      let testCount = train.filter { !$0 }.count
      if name == "ua" {
        XCTAssertEqual(testCount, 60 * 10, "ua.test holds 10 ratings per user")
      } else {
        XCTAssertEqual(testCount, 600, "\(name).test is a fifth of u.data")
      }
    }
  }
}
