import ReelMovieLens
import XCTest

final class ReleaseDetectionTests: XCTestCase {
  func testDetectsEveryReleaseFromItsFiles() throws {
    XCTAssertEqual(try MovieLensRelease.detect(fileNames: ["ml-100k/u.data", "ml-100k/u.item", "ml-100k/u.user"]), .ml100k)
    XCTAssertEqual(try MovieLensRelease.detect(fileNames: ["ratings.dat", "movies.dat", "users.dat"]), .ml1m)
    XCTAssertEqual(try MovieLensRelease.detect(fileNames: ["ml-10M100K/ratings.dat", "ml-10M100K/movies.dat", "ml-10M100K/tags.dat"]), .ml10m)
    for release in [MovieLensRelease.ml20m, .ml25m, .ml32m, .latest, .latestSmall] {
      let files = ["ratings.csv", "movies.csv", "tags.csv", "links.csv"].map { "\(release.topFolder)/\($0)" }
      XCTAssertEqual(try MovieLensRelease.detect(fileNames: files), release)
    }
    XCTAssertThrowsError(try MovieLensRelease.detect(fileNames: ["notes.txt"])) {
      guard case MovieLensError.unknownLayout = $0 else { return XCTFail("\($0)") }
    }
  }

  func testLayoutFacts() {
    XCTAssertEqual(MovieLensRelease.ml10m.topFolder, "ml-10M100K")
    XCTAssertTrue(MovieLensRelease.ml1m.isLatin1)
    XCTAssertFalse(MovieLensRelease.ml10m.isLatin1)
    XCTAssertEqual(MovieLensRelease.ml100k.requiredFiles, ["u.data", "u.item", "u.user"])
    XCTAssertEqual(MovieLensRelease.ml25m.ratingsSeparator, [UInt8(ascii: ",")])
  }
}
