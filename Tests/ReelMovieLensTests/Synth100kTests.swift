import Foundation
import ReelMovieLens
import XCTest

/// Byte-level format facts of the synthetic ml-100k (see movielens-formats.md §1).
final class Synth100kTests: XCTestCase {
  typealias S = SynthTestSupport
  /// Full ml-100k scale, without the split files (tested at a smaller scale below).
  static let full: (root: URL, folder: URL) = {
    var config = MovieLensSynthesizer.Configuration.defaults(for: .ml100k, seed: 11)
    config.includeSplits = false
    return try! S.write(config)
  }()

  override class func tearDown() {
    try? FileManager.default.removeItem(at: full.root)
    super.tearDown()
  }

  func testUDataRowsRangesAndOrder() throws {
    let lines = S.lines(try S.bytes(Self.full.folder, "u.data"), crlf: false)
    XCTAssertEqual(lines.count, 100_000)
    var pairs = Set<Int>()
    var perUser: [Int: Int] = [:]
    var users: [Int] = []
    for line in lines {
      let f = S.fields(line, "\t").map { Int($0)! }
      XCTAssertEqual(f.count, 4)
      XCTAssert((1...943).contains(f[0]) && (1...1682).contains(f[1]))
      XCTAssert((1...5).contains(f[2]))
      XCTAssert((874_724_710...893_286_638).contains(f[3]))
      XCTAssert(pairs.insert(f[0] << 16 | f[1]).inserted, "duplicate pair \(f[0]),\(f[1])")
      perUser[f[0], default: 0] += 1
      users.append(f[0])
    }
    XCTAssertEqual(perUser.count, 943)
    XCTAssertGreaterThanOrEqual(perUser.values.min()!, 20)
    XCTAssertNotEqual(users, users.sorted(), "u.data rows are in random order")
  }

  func testUItemFields() throws {
    let lines = S.lines(try S.bytes(Self.full.folder, "u.item"), crlf: false)
    XCTAssertEqual(lines.count, 1682)
    var sawLatin1 = false
    var oneDigitDays = 0
    var janFirst = 0
    let date = try NSRegularExpression(pattern: "^([0-9]{1,2})-[A-Z][a-z]{2}-(19|20)[0-9]{2}$")
    for (i, line) in lines.enumerated() {
      if line.contains(where: { $0 >= 0x80 }) { sawLatin1 = true }
      let f = S.fields(line, "|")
      XCTAssertEqual(f.count, 24, "line \(i + 1)")
      XCTAssertEqual(Int(f[0]), i + 1)
      XCTAssertEqual(f[3], "", "video release date is always empty")
      XCTAssert(f[5...].allSatisfy { $0 == "0" || $0 == "1" })
      XCTAssert(f[5...].contains("1"), "movie \(i + 1) has no genre")
      if i + 1 == 267 {
        XCTAssertEqual(
          S.latin1(line), "267|unknown||||1" + String(repeating: "|0", count: 18))
        continue
      }
      let ns = f[2] as NSString
      let match = date.firstMatch(in: f[2], range: NSRange(location: 0, length: ns.length))
      XCTAssertNotNil(match, "bad date \(f[2])")
      if f[2].hasPrefix("01-Jan-") { janFirst += 1 }
      if let m = match, m.range(at: 1).length == 1 { oneDigitDays += 1 }
      XCTAssert(f[4].hasPrefix("http://us.imdb.com/"), f[4])
      XCTAssertFalse(f[4].contains(" "), "URL is percent-encoded: \(f[4])")
      XCTAssert(f[1].contains("("), f[1])
    }
    XCTAssertTrue(sawLatin1, "some titles need latin-1 bytes")
    XCTAssertNil(String(bytes: try S.bytes(Self.full.folder, "u.item"), encoding: .utf8),
                 "u.item must not decode as UTF-8")
    XCTAssertEqual(oneDigitDays, 1)
    XCTAssertGreaterThan(janFirst, 1682 / 2)
  }

  func testUserGenreOccupationInfo() throws {
    let users = S.lines(try S.bytes(Self.full.folder, "u.user"), crlf: false)
    XCTAssertEqual(users.count, 943)
    let occupations = S.lines(try S.bytes(Self.full.folder, "u.occupation"), crlf: false)
      .map(S.latin1)
    XCTAssertEqual(occupations, MovieLensVocabulary.occupations100k)
    XCTAssertEqual(occupations.count, 21)
    var leadingZero = 0
    var canadian = 0
    for (i, line) in users.enumerated() {
      let f = S.fields(line, "|")
      XCTAssertEqual(f.count, 5)
      XCTAssertEqual(Int(f[0]), i + 1)
      XCTAssert((7...73).contains(Int(f[1])!))
      XCTAssert(f[2] == "M" || f[2] == "F")
      XCTAssert(occupations.contains(f[3]))
      XCTAssertEqual(f[4].count, 5)
      if f[4].hasPrefix("0") { leadingZero += 1 }
      if f[4].contains(where: \.isLetter) { canadian += 1 }
    }
    XCTAssertGreaterThan(leadingZero, 0)
    XCTAssertGreaterThan(canadian, 0)
    let genre = try S.bytes(Self.full.folder, "u.genre")
    let expected = MovieLensVocabulary.genres100k.enumerated().map { "\($1)|\($0)\n" }
      .joined() + "\n"
    XCTAssertEqual(genre, Array(expected.utf8))
    XCTAssertEqual(genre.count, 202)
    XCTAssertEqual(try S.bytes(Self.full.folder, "u.info"),
                   Array("943 users\n1682 items\n100000 ratings\n".utf8))
  }

  /// mku.sh and allbut.pl semantics on a small release.
  func testSplitFiles() throws {
    var config = MovieLensSynthesizer.Configuration(
      release: .ml100k, users: 60, movies: 300, ratings: 4_003, seed: 5)
    config.includeSplits = true
    let (_, folder) = try S.write(config, cleanup: self)
    func rows(_ name: String) throws -> [[Int]] {
      S.lines(try S.bytes(folder, name), crlf: false).map { S.fields($0, "\t").map { Int($0)! } }
    }
    let data = try rows("u.data")
    let all = Set(data.map { $0.map(String.init).joined(separator: " ") })
    func key(_ r: [Int]) -> String { r.map(String.init).joined(separator: " ") }
    var tests = Set<String>()
    for i in 1...5 {
      let base = try rows("u\(i).base")
      let test = try rows("u\(i).test")
      XCTAssertEqual(test.count, 4_003 / 5)
      XCTAssertEqual(base.count + test.count, data.count)
      XCTAssertEqual(Set(base.map(key)).union(test.map(key)), all)
      XCTAssertEqual(Set(test.map(key)), Set(data[((i - 1) * 800)..<(i * 800)].map(key)))
      for r in test { XCTAssert(tests.insert(key(r)).inserted, "test sets overlap") }
      for split in [base, test] {
        XCTAssertEqual(split.map { [$0[0], $0[1]] },
                       split.map { [$0[0], $0[1]] }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) })
      }
    }
    var firstTen: [Int: [String]] = [:]
    var nextTen: [Int: [String]] = [:]
    for r in data {
      let n = (firstTen[r[0]]?.count ?? 0) + (nextTen[r[0]]?.count ?? 0)
      if n < 10 { firstTen[r[0], default: []].append(key(r)) }
      else if n < 20 { nextTen[r[0], default: []].append(key(r)) }
    }
    let ua = try rows("ua.test")
    let ub = try rows("ub.test")
    XCTAssertEqual(ua.count, 600)
    XCTAssertEqual(ub.count, 600)
    XCTAssertEqual(Set(ua.map(key)), Set(firstTen.values.joined()))
    XCTAssertEqual(Set(ub.map(key)), Set(nextTen.values.joined()))
    XCTAssert(Set(ua.map(key)).isDisjoint(with: ub.map(key)))
    XCTAssertEqual(try rows("ua.base").count, data.count - 600)
    XCTAssertEqual(try rows("ub.base").count, data.count - 600)
    for user in Set(data.map { $0[0] }) {
      XCTAssertEqual(ua.filter { $0[0] == user }.count, 10)
    }
  }
}
