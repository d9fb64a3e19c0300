import Foundation
import ReelMovieLens
import XCTest

/// Byte-level format facts of the synthetic ml-1m and ml-10m (movielens-formats.md §2, §3).
final class SynthDatTests: XCTestCase {
  typealias S = SynthTestSupport

  func testML1M() throws {
    let config = MovieLensSynthesizer.Configuration(
      release: .ml1m, users: 300, movies: 800, ratings: 15_000, seed: 3)
    let (_, folder) = try S.write(config, cleanup: self)
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
      ["README", "movies.dat", "ratings.dat", "users.dat"])
    let movieBytes = try S.bytes(folder, "movies.dat")
    XCTAssertNil(String(bytes: movieBytes, encoding: .utf8), "movies.dat is latin-1")
    let genres = Set(MovieLensVocabulary.genres1m)
    var ids: [Int] = []
    var commas = 0
    for line in S.lines(movieBytes, crlf: false) {
      let f = S.fields(line, "::")
      XCTAssertEqual(f.count, 3)
      ids.append(Int(f[0])!)
      XCTAssert(f[1].range(of: #" \((19|20)\d\d\)$"#, options: .regularExpression) != nil, f[1])
      if f[1].contains(",") { commas += 1 }
      for g in f[2].split(separator: "|") { XCTAssert(genres.contains(String(g)), String(g)) }
    }
    XCTAssertEqual(ids, ids.sorted())
    XCTAssertGreaterThan(ids.last!, ids.count, "ids have gaps")
    XCTAssertGreaterThan(commas, 0)
    XCTAssert(movieBytes.contains(0xB3) || movieBytes.contains(0xB2), "a superscript title")
    XCTAssert(S.latin1(movieBytes).contains("Children's"))

    let users = S.lines(try S.bytes(folder, "users.dat"), crlf: false)
    XCTAssertEqual(users.count, 300)
    for (i, line) in users.enumerated() {
      let f = S.fields(line, "::")
      XCTAssertEqual(f.count, 5)
      XCTAssertEqual(Int(f[0]), i + 1)
      XCTAssert(f[1] == "M" || f[1] == "F")
      XCTAssert([1, 18, 25, 35, 45, 50, 56].contains(Int(f[2])!))
      XCTAssert((0...20).contains(Int(f[3])!))
      XCTAssert(f[4].allSatisfy { $0.isNumber || $0 == "-" } && f[4].count >= 5, f[4])
    }

    let ratings = S.lines(try S.bytes(folder, "ratings.dat"), crlf: false)
      .map { S.fields($0, "::") }
    XCTAssertEqual(ratings.count, 15_000)
    let userColumn = ratings.map { Int($0[0])! }
    XCTAssertEqual(userColumn, userColumn.sorted(), "grouped by ascending user")
    var unsortedWithinUser = false
    for (a, b) in zip(ratings, ratings.dropFirst()) where a[0] == b[0] {
      if Int(a[1])! > Int(b[1])! { unsortedWithinUser = true }
    }
    XCTAssertTrue(unsortedWithinUser, "ml-1m rows are not sorted within a user")
    for r in ratings {
      XCTAssert(["1", "2", "3", "4", "5"].contains(r[2]))
      XCTAssert((956_703_932...1_046_454_590).contains(Int(r[3])!))
    }
  }

  func testML10M() throws {
    let config = MovieLensSynthesizer.Configuration(
      release: .ml10m, users: 300, movies: 800, ratings: 15_000, seed: 4)
    let (_, folder) = try S.write(config, cleanup: self)
    XCTAssertEqual(folder.lastPathComponent, "ml-10M100K")
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
      ["README.html", "allbut.pl", "movies.dat", "ratings.dat", "split_ratings.sh", "tags.dat"])
    let movieBytes = try S.bytes(folder, "movies.dat")
    let text = try XCTUnwrap(String(bytes: movieBytes, encoding: .utf8), "UTF-8")
    XCTAssert(text.contains("::(no genres listed)\n"))
    XCTAssert(text.contains("IMAX"))
    XCTAssertFalse(text.contains("Children's"))
    XCTAssert(text.unicodeScalars.contains { $0.value > 0xFF }, "a title beyond latin-1")

    let ratings = S.lines(try S.bytes(folder, "ratings.dat"), crlf: false)
      .map { S.latin1($0).components(separatedBy: "::") }
    XCTAssertEqual(ratings.count, 15_000)
    let keys = ratings.map { (Int($0[0])!, Int($0[1])!) }
    XCTAssert(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "sorted by user, movie")
    let allowed = Set(["0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "4.5", "5"])
    XCTAssert(ratings.allSatisfy { allowed.contains($0[2]) })
    XCTAssert(ratings.contains { $0[2].hasSuffix(".5") })
    XCTAssert(ratings.contains { $0[2] == "5" })

    let tags = try XCTUnwrap(String(bytes: try S.bytes(folder, "tags.dat"), encoding: .utf8))
    let tagRows = tags.split(separator: "\n").map { $0.components(separatedBy: "::") }
    XCTAssertGreaterThan(tagRows.count, 0)
    XCTAssert(tagRows.allSatisfy { $0.count == 4 })
    let tagKeys = tagRows.map { (Int($0[0])!, Int($0[1])!) }
    XCTAssert(zip(tagKeys, tagKeys.dropFirst()).allSatisfy { $0 <= $1 })
  }
}
