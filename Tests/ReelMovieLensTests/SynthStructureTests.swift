import Foundation
import ReelMovieLens
import XCTest

/// Determinism, configuration checks and the planted structure of the synthetic ratings.
final class SynthStructureTests: XCTestCase {
  typealias S = SynthTestSupport

  func testSameSeedSameBytesOtherSeedOtherBytes() throws {
    for release in [MovieLensRelease.ml100k, .ml1m, .ml10m, .ml25m, .latestSmall] {
      let config = MovieLensSynthesizer.Configuration(
        release: release, users: 40, movies: 200, ratings: 1_500, seed: 77)
      let a = try S.write(config, cleanup: self).folder
      let b = try S.write(config, cleanup: self).folder
      var other = config
      other.seed = 78
      let c = try S.write(other, cleanup: self).folder
      let names = try FileManager.default.contentsOfDirectory(atPath: a.path).sorted()
      XCTAssertEqual(names, try FileManager.default.contentsOfDirectory(atPath: b.path).sorted())
      for name in names {
        XCTAssertTrue(try S.bytes(a, name) == S.bytes(b, name), "\(release) \(name)")
      }
      XCTAssertFalse(try S.bytes(a, release.ratingsFile) == S.bytes(c, release.ratingsFile))
    }
  }

  func testRejectsImpossibleConfigurations() {
    let tooFew = MovieLensSynthesizer.Configuration(
      release: .ml1m, users: 10, movies: 100, ratings: 199, seed: 1)
    XCTAssertThrowsError(try MovieLensSynthesizer(tooFew)) {
      guard case MovieLensSynthesisError.invalidConfiguration = $0 else { return XCTFail() }
    }
    let tooMany = MovieLensSynthesizer.Configuration(
      release: .ml25m, users: 2, movies: 30, ratings: 1_000, seed: 1)
    XCTAssertThrowsError(try MovieLensSynthesizer(tooMany))
    let latest = MovieLensSynthesizer.Configuration(
      release: .latest, users: 10, movies: 100, ratings: 10, seed: 1)
    XCTAssertNoThrow(try MovieLensSynthesizer(latest), "ml-latest needs only 1 per user")
  }

  func testUserRatingsAreDistinctTimeOrderedAndInRange() throws {
    let synth = try MovieLensSynthesizer(.defaults(for: .ml1m, seed: 5))
    var total = 0
    for u in 0..<synth.configuration.users {
      let r = synth.ratings(ofUser: u)
      total += r.count
      XCTAssertGreaterThanOrEqual(r.count, 20)
      XCTAssertEqual(Set(r.map(\.movie)).count, r.count)
      XCTAssertEqual(r.map(\.timestamp), r.map(\.timestamp).sorted())
      XCTAssert(r.allSatisfy { $0.halfStars % 2 == 0 && (2...10).contains($0.halfStars) })
    }
    XCTAssertEqual(total, synth.configuration.ratings)
  }

  /// Hold out each user's last rating (by time): an item-item co-occurrence recommender
  /// must find it in its top 10 clearly more often than the most-popular baseline.
  func testCooccurrenceBeatsMostPopular() throws {
    let config = MovieLensSynthesizer.Configuration(
      release: .latestSmall, users: 500, movies: 800, ratings: 40_000, seed: 21)
    let synth = try MovieLensSynthesizer(config)
    let movies = 800
    var index: [Int: Int] = [:]
    var train: [[Int]] = []
    var heldOut: [Int] = []
    for u in 0..<config.users {
      let ids = synth.ratings(ofUser: u).map { r -> Int in
        if let i = index[r.movie] { return i }
        index[r.movie] = index.count
        return index.count - 1
      }
      train.append(Array(ids.dropLast()))
      heldOut.append(ids.last!)
    }
    var popularity = [Double](repeating: 0, count: movies)
    var cooc = [Double](repeating: 0, count: movies * movies)
    for items in train {
      for i in items { popularity[i] += 1 }
      for i in items { for j in items where i != j { cooc[i * movies + j] += 1 } }
    }
    func hit(_ scores: [Double], _ u: Int) -> Bool {
      let seen = Set(train[u])
      let top = (0..<movies).filter { !seen.contains($0) }
        .sorted { scores[$0] > scores[$1] }.prefix(10)
      return top.contains(heldOut[u])
    }
    var popularHits = 0
    var coocHits = 0
    for u in 0..<config.users {
      if hit(popularity, u) { popularHits += 1 }
      var scores = [Double](repeating: 0, count: movies)
      for i in train[u] {
        for j in 0..<movies {
          scores[j] += cooc[i * movies + j] / (popularity[j] + 10).squareRoot()
        }
      }
      if hit(scores, u) { coocHits += 1 }
    }
    print("hit@10: most-popular \(popularHits), co-occurrence \(coocHits) of \(config.users)")
    XCTAssertGreaterThan(Double(coocHits), 1.3 * Double(popularHits))
  }

  /// Taste drift: the genres of a user's first and second half of ratings (in time order)
  /// differ more than those of two interleaved halves of the same ratings.
  func testLaterRatingsLeanTowardAShiftedTaste() throws {
    let config = MovieLensSynthesizer.Configuration(
      release: .latestSmall, users: 300, movies: 1_000, ratings: 30_000, seed: 8)
    let (_, folder) = try S.write(config, cleanup: self)
    let lines = S.lines(try S.bytes(folder, "movies.csv"), crlf: true).dropFirst()
    var genres: [Int: [Substring]] = [:]
    for line in lines {
      let f = try XCTUnwrap(S.csvFields(String(decoding: line, as: UTF8.self)))
      genres[Int(f[0])!] = f[2].split(separator: "|")
    }
    func distance(_ a: [Int], _ b: [Int]) -> Double {
      var h: [Substring: Double] = [:]
      for m in a { for g in genres[m]! { h[g, default: 0] += 1 / Double(a.count) } }
      for m in b { for g in genres[m]! { h[g, default: 0] -= 1 / Double(b.count) } }
      return h.values.reduce(0) { $0 + abs($1) }
    }
    let synth = try MovieLensSynthesizer(config)
    var byTime = 0.0
    var interleaved = 0.0
    for u in 0..<config.users {
      let movies = synth.ratings(ofUser: u).map(\.movie)
      let half = movies.count / 2
      byTime += distance(Array(movies[..<half]), Array(movies[(movies.count - half)...]))
      let even = movies.indices.filter { $0 % 2 == 0 }.map { movies[$0] }
      let odd = movies.indices.filter { $0 % 2 == 1 }.map { movies[$0] }
      interleaved += distance(even, odd)
    }
    print("genre shift: first vs second half \(byTime), interleaved halves \(interleaved)")
    XCTAssertGreaterThan(byTime, 1.08 * interleaved)
  }
}
