import Foundation
import ReelMovieLens
import XCTest

/// The committed `Fixtures/movielens/` must be exactly what
/// `scripts/make_movielens_fixtures.sh` writes today (same configurations as the script).
final class SynthFixtureTests: XCTestCase {
  typealias S = SynthTestSupport

  static let fixtures = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/movielens")

  /// Each configuration and the folder below `Fixtures/movielens/` its top folder is in.
  static func configurations() -> [(MovieLensSynthesizer.Configuration, under: String)] {
    var ml100k = MovieLensSynthesizer.Configuration.defaults(for: .ml100k, seed: 100)
    ml100k.includeSplits = false
    var context = MovieLensSynthesizer.Configuration.defaults(for: .ml100k, seed: 106)
    context.includeSplits = false
    context.timeScaleDays = 30
    return [
      (ml100k, ""),
      (.init(release: .ml1m, users: 200, movies: 500, ratings: 10_000, seed: 101), ""),
      (.init(release: .ml10m, users: 200, movies: 600, ratings: 10_000, seed: 102), ""),
      (.init(release: .ml25m, users: 300, movies: 1_000, ratings: 15_000, seed: 103), ""),
      (.init(release: .latestSmall, users: 300, movies: 1_000, ratings: 15_000, seed: 104), ""),
      (context, "ml-100k-context"),
    ]
  }

  func testFixturesMatchTheGenerator() throws {
    for (config, under) in Self.configurations() {
      let synth = try MovieLensSynthesizer(config)
      let (root, folder) = try S.write(config, cleanup: self)
      let committed = Self.fixtures.appendingPathComponent(under)
        .appendingPathComponent(config.release.topFolder)
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
      XCTAssertEqual(
        try FileManager.default.contentsOfDirectory(atPath: committed.path).sorted(), names,
        "\(config.release): rerun scripts/make_movielens_fixtures.sh")
      for name in names {
        XCTAssertTrue(try S.bytes(committed, name) == S.bytes(folder, name),
                      "\(config.release)/\(name): rerun scripts/make_movielens_fixtures.sh")
      }
      if config.release == .latestSmall {
        try synth.writeZip(to: root)
        XCTAssertTrue(try S.bytes(root, synth.zipName) == S.bytes(Self.fixtures, synth.zipName),
                      "\(synth.zipName): rerun scripts/make_movielens_fixtures.sh")
      }
    }
  }
}
