import Foundation
import ReelMovieLens
import ReelPipeline
import XCTest

@testable import ReelRecommenders

/// A tiny synthetic ml-100k release written once per test process.
enum TinyRelease {
  /// (root folder, release folder, zip).
  static let paths: (root: URL, folder: URL, zip: URL) = {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-tutorial-tests-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: root)
    var config = MovieLensSynthesizer.Configuration(
      release: .ml100k, users: 40, movies: 60, ratings: 1000, seed: 5)
    config.includeSplits = false
    let synthesizer = try! MovieLensSynthesizer(config)
    _ = try! synthesizer.write(to: root)
    try! synthesizer.writeZip(to: root)
    let folder = root.appendingPathComponent(MovieLensRelease.ml100k.topFolder)
    return (root, folder, root.appendingPathComponent(synthesizer.zipName))
  }()
}

final class TutorialDataTests: XCTestCase {
  func testLoadsAFolderWithTheTutorialColumnsAndTheMovieTitles() throws {
    let data = try TutorialRatings(path: TinyRelease.paths.folder.path)
    XCTAssertEqual(data.ratings.rowCount, 1000)
    XCTAssertEqual(data.ratings.names, TutorialRatings.columns)
    XCTAssertEqual(data.origin, .movieLens)
    let source = try MovieLensSource(path: TinyRelease.paths.folder.path)
    XCTAssertEqual(data.movieTitles, Array(Set(try source.movies().map(\.title))).sorted())
    XCTAssertEqual(data.userIDs.count, 40)
    XCTAssert(Set(try data.ratings.string("movie_title")).isSubset(of: Set(data.movieTitles)))
  }

  func testTheZipGivesTheSameRatings() throws {
    let folder = try TutorialRatings(path: TinyRelease.paths.folder.path)
    let zip = try TutorialRatings(path: TinyRelease.paths.zip.path)
    XCTAssertEqual(zip.ratings, folder.ratings)
    XCTAssertEqual(zip.movieTitles, folder.movieTitles)
  }

  func testSplitIsSeededEightyTwentyAndCoversEveryRating() throws {
    let data = try TutorialRatings(path: TinyRelease.paths.folder.path)
    let a = data.split(seed: 42)
    let b = data.split(seed: 42)
    let c = data.split(seed: 43)
    XCTAssertEqual(a.train.rowCount, 800)
    XCTAssertEqual(a.test.rowCount, 200)
    XCTAssertEqual(a.train, b.train)
    XCTAssertEqual(a.test, b.test)
    XCTAssertNotEqual(a.train, c.train)
    func keys(_ batch: FeatureBatch) throws -> [String] {
      zip(try batch.string("user_id"), try batch.int64("timestamp")).map { "\($0)|\($1)" }
    }
    let all = try keys(data.ratings).sorted()
    XCTAssertEqual(try (keys(a.train) + keys(a.test)).sorted(), all)
    XCTAssertNotEqual(try keys(a.train), Array(try keys(data.ratings).prefix(800)), "not shuffled")
  }

  func testTrainBatchesAreReshuffledPerEpochAndTestBatchesAreFixed() throws {
    let split = try TutorialRatings(path: TinyRelease.paths.folder.path).split(seed: 1)
    let train = split.trainBatches(batchSize: 300, seed: 9)
    let e0 = try train.collect(epoch: 0)
    let e1 = try train.collect(epoch: 1)
    XCTAssertEqual(e0.map(\.rowCount), [300, 300, 200])
    let rows0 = try FeatureBatch.concatenate(e0)
    let rows1 = try FeatureBatch.concatenate(e1)
    XCTAssertNotEqual(rows0, rows1)
    XCTAssertEqual(try train.collect(epoch: 0), e0, "same seed and epoch, same order")
    func sorted(_ b: FeatureBatch) throws -> [String] {
      zip(try b.string("user_id"), try b.string("movie_title")).map { "\($0)|\($1)" }.sorted()
    }
    XCTAssertEqual(try sorted(rows0), try sorted(split.train))
    XCTAssertEqual(try sorted(rows1), try sorted(split.train))
    let test = try split.testBatches(batchSize: 64).collect()
    XCTAssertEqual(test.count, 4)
    XCTAssertEqual(try FeatureBatch.concatenate(test), split.test)
  }

  func testBadPathsAreClearErrors() throws {
    XCTAssertThrowsError(try TutorialRatings(path: "/no/such/ratings")) { error in
      XCTAssert("\(error)".contains("/no/such/ratings"), "\(error)")
      XCTAssert("\(error)".contains("no such file or folder"), "\(error)")
    }
    let empty = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-empty-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: empty) }
    XCTAssertThrowsError(try TutorialRatings(path: empty.path)) { error in
      XCTAssert("\(error)".contains(empty.path), "\(error)")
      XCTAssert("\(error)".contains("not a readable MovieLens release"), "\(error)")
    }
  }
}
