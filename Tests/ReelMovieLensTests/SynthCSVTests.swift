import Foundation
import ReelMovieLens
import XCTest
import ZIPFoundation

/// Byte-level format facts of the synthetic CSV releases (movielens-formats.md §4).
final class SynthCSVTests: XCTestCase {
  typealias S = SynthTestSupport

  func check(_ release: MovieLensRelease, genome: Bool) throws {
    let config = MovieLensSynthesizer.Configuration(
      release: release, users: 200, movies: 1_500, ratings: 12_000, seed: 9)
    let (_, folder) = try S.write(config, cleanup: self)
    var expected = ["README.txt", "links.csv", "movies.csv", "ratings.csv", "tags.csv"]
    if genome { expected += ["genome-scores.csv", "genome-tags.csv"] }
    XCTAssertEqual(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted(),
      expected.sorted())
    func table(_ name: String, header: String) throws -> [[String]] {
      let bytes = try S.bytes(folder, name)
      XCTAssertNotEqual(Array(bytes.prefix(3)), [0xEF, 0xBB, 0xBF], "no BOM")
      let lines = S.lines(bytes, crlf: true).map { String(decoding: $0, as: UTF8.self) }
      XCTAssertEqual(lines.first, header)
      return try lines.dropFirst().map { line in
        let fields = try XCTUnwrap(S.csvFields(line), line)
        XCTAssertEqual(fields.map(S.csvQuote).joined(separator: ","), line, "minimal quoting")
        return fields
      }
    }
    let movies = try table("movies.csv", header: "movieId,title,genres")
    XCTAssertEqual(movies.count, 1_500)
    let genres = Set(MovieLensVocabulary.genresModern)
    for m in movies {
      XCTAssertEqual(m.count, 3)
      for g in m[2].split(separator: "|") { XCTAssert(genres.contains(String(g)), String(g)) }
    }
    let titles = movies.map { $0[1] }
    XCTAssert(titles.contains { $0.contains("\"") }, "a title with quotes")
    XCTAssert(titles.contains { $0.contains(", The (") }, "a moved article")
    XCTAssert(titles.contains { !$0.hasSuffix(")") && !$0.hasSuffix(") ") }, "a title w/o year")
    XCTAssert(titles.contains { $0.unicodeScalars.contains { $0.value > 0x7F } })
    XCTAssert(movies.contains { $0[2] == "(no genres listed)" })
    let ids = movies.map { Int($0[0])! }
    XCTAssertEqual(ids, ids.sorted())

    let links = try table("links.csv", header: "movieId,imdbId,tmdbId")
    XCTAssertEqual(links.map { $0[0] }, movies.map { $0[0] })
    XCTAssert(links.allSatisfy { $0[1].count >= 7 && $0[1].allSatisfy(\.isNumber) })
    XCTAssert(links.contains { $0[1].hasPrefix("0") })
    XCTAssert(links.contains { $0[2].isEmpty }, "some tmdbId are empty")

    let ratings = try table("ratings.csv", header: "userId,movieId,rating,timestamp")
    XCTAssertEqual(ratings.count, 12_000)
    let keys = ratings.map { (Int($0[0])!, Int($0[1])!) }
    XCTAssert(zip(keys, keys.dropFirst()).allSatisfy { $0 < $1 }, "sorted, no duplicates")
    let allowed = Set(stride(from: 1, through: 10, by: 1).map { "\($0 / 2).\($0 % 2 * 5)" })
    XCTAssert(ratings.allSatisfy { allowed.contains($0[2]) })
    var perUser: [Int: Int] = [:]
    for k in keys { perUser[k.0, default: 0] += 1 }
    XCTAssertGreaterThanOrEqual(perUser.values.min()!, 20)

    let tags = try table("tags.csv", header: "userId,movieId,tag,timestamp")
    XCTAssertGreaterThan(tags.count, 0)
    let tagKeys = tags.map { (Int($0[0])!, Int($0[1])!) }
    XCTAssert(zip(tagKeys, tagKeys.dropFirst()).allSatisfy { $0 <= $1 })
    if genome {
      let genomeTags = try table("genome-tags.csv", header: "tagId,tag")
      XCTAssertEqual(genomeTags.map { Int($0[0])! }, Array(1...genomeTags.count))
      let scores = try table("genome-scores.csv", header: "movieId,tagId,relevance")
      XCTAssert(scores.allSatisfy { (0...1).contains(Double($0[2])!) })
      XCTAssertEqual(scores.count % genomeTags.count, 0)
    }
  }

  func testML25M() throws { try check(.ml25m, genome: true) }
  func testLatestSmall() throws { try check(.latestSmall, genome: false) }
  func testML20MAndML32M() throws {
    try check(.ml20m, genome: true)
    try check(.ml32m, genome: false)
  }

  func testZipHoldsTheTopFolder() throws {
    let config = MovieLensSynthesizer.Configuration(
      release: .ml10m, users: 30, movies: 100, ratings: 900, seed: 2)
    let synth = try MovieLensSynthesizer(config)
    let (root, folder) = try S.write(config, cleanup: self)
    let zip = try synth.writeZip(to: root)
    XCTAssertEqual(zip.path, "ml-10m.zip")
    let archive = try Archive(url: root.appendingPathComponent("ml-10m.zip"), accessMode: .read)
    let entries = archive.map(\.path)
    XCTAssertEqual(entries.first, "ml-10M100K/")
    XCTAssert(entries.contains("ml-10M100K/ratings.dat"))
    let entry = try XCTUnwrap(archive["ml-10M100K/ratings.dat"])
    var data = Data()
    _ = try archive.extract(entry) { data.append($0) }
    XCTAssertTrue(try [UInt8](data) == S.bytes(folder, "ratings.dat"))
    let first = try Data(contentsOf: root.appendingPathComponent("ml-10m.zip"))
    try synth.writeZip(to: root)
    XCTAssertTrue(try first == Data(contentsOf: root.appendingPathComponent("ml-10m.zip")),
                  "zip bytes are deterministic")
  }
}
