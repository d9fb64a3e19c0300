import Foundation
import ReelMovieLens
import XCTest

/// The opt-in time effect (`Configuration.timeScaleDays`): recent releases are rated most,
/// and no rating precedes its movie's listed release date; without it, neither holds.
final class SynthTimeEffectTests: XCTestCase {
  typealias S = SynthTestSupport

  /// Per rating of u.data: (timestamp, release date of the movie from u.item, midnight UTC).
  private func ratedAges(_ config: MovieLensSynthesizer.Configuration) throws
    -> [(time: Int64, release: Int64)]
  {
    let folder = try S.write(config, cleanup: self).folder
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
                  "Dec"]
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    var release: [Int: Int64] = [:]
    for line in S.lines(try S.bytes(folder, "u.item"), crlf: false) {
      let f = S.fields(line, "|")
      let date = f[2].split(separator: "-")
      guard date.count == 3, let day = Int(date[0]), let year = Int(date[2]),
        let month = months.firstIndex(of: String(date[1]))
      else { continue }
      let when = calendar.date(from: DateComponents(year: year, month: month + 1, day: day))!
      release[Int(f[0])!] = Int64(when.timeIntervalSince1970)
      // The title's year matches the release date's.
      if f[1].hasSuffix(")") && !f[1].contains("–") && f[1].count > 6 {
        let titleYear = Int(f[1].suffix(5).prefix(4))
        if let titleYear, titleYear >= 1997 { XCTAssertEqual(titleYear, year, f[1]) }
      }
    }
    return S.lines(try S.bytes(folder, "u.data"), crlf: false).compactMap { line in
      let f = S.fields(line, "\t")
      guard let movie = Int(f[1]), let r = release[movie] else { return nil }
      return (Int64(f[3])!, r)
    }
  }

  /// Share of ratings made within 60 days after the movie's release, for the real pairing
  /// and for a control pairing each movie with another row's timestamp.
  private func recentShares(
    _ rows: [(time: Int64, release: Int64)]
  ) -> (real: Double, control: Double) {
    let window: Int64 = 60 * 86_400
    func recent(_ age: Int64) -> Bool { age >= 0 && age < window }
    let n = rows.count
    let real = rows.filter { recent($0.time - $0.release) }.count
    let control = rows.indices.filter { recent(rows[($0 + n / 2) % n].time - rows[$0].release) }
      .count
    return (Double(real) / Double(n), Double(control) / Double(n))
  }

  func testRecentReleasesAreRatedMostOnlyWithTheTimeEffect() throws {
    var config = MovieLensSynthesizer.Configuration(
      release: .ml100k, users: 150, movies: 500, ratings: 9_000, seed: 31)
    config.includeSplits = false
    XCTAssertNil(config.timeScaleDays, "the time effect is off by default")
    let off = try ratedAges(config)
    config.timeScaleDays = 30
    let on = try ratedAges(config)
    XCTAssertGreaterThan(on.count, 8_900, "almost every movie has a release date")
    XCTAssertTrue(on.allSatisfy { $0.time >= $0.release }, "a rating precedes its release")
    let shareOn = recentShares(on)
    let shareOff = recentShares(off)
    print("rated within 60 days of release: on \(shareOn), off \(shareOff)")
    XCTAssertGreaterThan(shareOn.real, 2 * shareOn.control, "\(shareOn)")
    XCTAssertEqual(shareOff.real, shareOff.control, accuracy: 0.02, "\(shareOff)")
  }

  func testTimeEffectIsDeterministicAndValidated() throws {
    var config = MovieLensSynthesizer.Configuration(
      release: .ml100k, users: 40, movies: 200, ratings: 1_500, seed: 77)
    config.includeSplits = false
    config.timeScaleDays = 10
    let a = try S.write(config, cleanup: self).folder
    let b = try S.write(config, cleanup: self).folder
    for name in ["u.data", "u.item"] {
      XCTAssertTrue(try S.bytes(a, name) == S.bytes(b, name), name)
    }
    config.timeScaleDays = 0
    XCTAssertThrowsError(try MovieLensSynthesizer(config))
  }
}
