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
}
