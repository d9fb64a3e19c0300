import Foundation
import XCTest

/// `reel synth movielens` run as a user would.
final class SynthCLITests: XCTestCase {
  func reel(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try ReelProcess.run(arguments)
  }

  func testWritesTheReleaseAndItsZip() throws {
    let out = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-synth-cli-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: out) }
    let result = try reel([
      "synth", "movielens", "--release", "10m", "--users", "30", "--movies", "100",
      "--ratings", "900", "--seed", "3", "--out", out.path, "--zip",
    ])
    XCTAssertEqual(result.status, 0, result.output)
    XCTAssert(result.output.contains("ml-10M100K/ratings.dat"), result.output)
    XCTAssert(result.output.contains("ml-10m.zip"), result.output)
    let ratings = try String(
      contentsOf: out.appendingPathComponent("ml-10M100K/ratings.dat"), encoding: .utf8)
    XCTAssertEqual(ratings.split(separator: "\n").count, 900)
    let zip = out.appendingPathComponent("ml-10m.zip")
    XCTAssert(FileManager.default.fileExists(atPath: zip.path))
  }

  func testRejectsBadRequests() throws {
    let unknown = try reel(["synth", "movielens", "--release", "5k", "--seed", "1", "--out", "x"])
    XCTAssertNotEqual(unknown.status, 0)
    XCTAssert(unknown.output.contains("unknown --release 5k"), unknown.output)
    let tooFew = try reel([
      "synth", "movielens", "--release", "1m", "--users", "100", "--ratings", "10",
      "--seed", "1", "--out", "x",
    ])
    XCTAssertNotEqual(tooFew.status, 0)
    XCTAssert(tooFew.output.contains("at least 2000"), tooFew.output)
  }

  /// `--time-effect --time-scale` writes a release whose u.data differs from the default's;
  /// a scale out of range is rejected with its reason.
  func testTimeEffectFlag() throws {
    let out = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-synth-cli-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: out) }
    let base = [
      "synth", "movielens", "--release", "100k", "--users", "30", "--movies", "100",
      "--ratings", "900", "--seed", "3", "--no-splits",
    ]
    XCTAssertEqual(try reel(base + ["--out", out.appendingPathComponent("a").path]).status, 0)
    let timed = try reel(
      base + ["--out", out.appendingPathComponent("b").path, "--time-effect", "--time-scale", "10"])
    XCTAssertEqual(timed.status, 0, timed.output)
    let a = try Data(contentsOf: out.appendingPathComponent("a/ml-100k/u.data"))
    let b = try Data(contentsOf: out.appendingPathComponent("b/ml-100k/u.data"))
    XCTAssertNotEqual(a, b)
    let bad = try reel(base + ["--out", "x", "--time-effect", "--time-scale", "0"])
    XCTAssertNotEqual(bad.status, 0)
    XCTAssert(bad.output.contains("time-effect scale"), bad.output)
  }
}
