import Foundation
import Reel
import XCTest

/// `reel synth vectors`, `reel index build`, `reel index query` and `reel bench ann` run as a
/// user would, on a small set.
final class IndexCLITests: XCTestCase {
  func reel(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try ReelProcess.run(arguments)
  }

  func testBuildQueryAndBench() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-index-cli-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    let synth = try reel([
      "synth", "vectors", "--count", "2000", "--dim", "8", "--centres", "20", "--queries", "30",
      "--seed", "2", "--out", dir.path,
    ])
    XCTAssertEqual(synth.status, 0, synth.output)
    let items = dir.appendingPathComponent("items.npy")
    let queries = dir.appendingPathComponent("queries.npy")
    XCTAssertEqual(try NPYFile.readMatrix(items).shape, [2000, 8])
    XCTAssertEqual(try NPYFile.readMatrix(queries).shape, [30, 8])
    let ids = dir.appendingPathComponent("ids.npy")
    try NPYFile.write(int64: (0..<2000).map { Int64($0) + 100_000 }, to: ids)
    let index = dir.appendingPathComponent("items.scann")
    let build = try reel([
      "index", "build", "--items", items.path, "--ids", ids.path, "--out", index.path,
      "--leaves", "20", "--leaves-to-search", "20", "--reorder", "2000",
      "--anisotropic-threshold", "2", "--quiet",
    ])
    XCTAssertEqual(build.status, 0, build.output)
    XCTAssert(build.output.contains("2000 items of dimension 8, 20 leaves"), build.output)
    let out = dir.appendingPathComponent("top.npy")
    let query = try reel([
      "index", "query", "--index", index.path, "--queries", queries.path, "-k", "5", "--out",
      out.path,
    ])
    XCTAssertEqual(query.status, 0, query.output)
    // Every leaf searched and every item re-scored: the exact top 5.
    let exact = try BruteForce(candidates: try NPYFile.readMatrix(items))
      .query(try NPYFile.readMatrix(queries), k: 5)
    let (found, shape) = try NPYFile.readIntegers(out)
    XCTAssertEqual(shape, [30, 5])
    XCTAssertEqual(found, exact.ids.map { $0 + 100_000 })
    let scores = try NPYFile.readMatrix(dir.appendingPathComponent("top.scores.npy"))
    XCTAssertEqual(scores.shape, [30, 5])
    let printed = try reel([
      "index", "query", "--index", index.path, "--queries", queries.path, "-k", "2",
    ])
    XCTAssertEqual(printed.status, 0, printed.output)
    XCTAssertEqual(printed.output.split(separator: "\n").count, 30)
    XCTAssert(printed.output.hasPrefix("0\t\(exact.ids[0] + 100_000):"), printed.output)

    let bench = try reel([
      "bench", "ann", "--items", items.path, "--queries", queries.path, "-k", "5",
      "--leaves", "20", "--leaves-to-search", "2,20", "--reorder", "5,2000", "--repeats", "1",
      "--json",
    ])
    XCTAssertEqual(bench.status, 0, bench.output)
    let json = try JSONSerialization.jsonObject(with: Data(bench.output.utf8)) as! [String: Any]
    let settings = json["settings"] as! [[String: Any]]
    XCTAssertEqual(settings.count, 4)
    let full = settings.first {
      $0["leaves_to_search"] as? Int == 20 && $0["reorder"] as? Int == 2000
    }!
    XCTAssertEqual(full["recall_at_k"] as! Double, 1.0)
    XCTAssert(settings.allSatisfy { ($0["queries_per_second"] as! Double) > 0 })
    XCTAssertNotNil(json["build_seconds"] as? Double)
  }

  func testRejectsBadFiles() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-index-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.npy")
    try Data("not numpy".utf8).write(to: bad)
    let build = try reel([
      "index", "build", "--items", bad.path, "--out", dir.appendingPathComponent("x").path,
    ])
    XCTAssertNotEqual(build.status, 0)
    XCTAssert(build.output.contains("not a .npy file"), build.output)
    let query = try reel(["index", "query", "--index", bad.path, "--queries", bad.path])
    XCTAssertNotEqual(query.status, 0)
    XCTAssert(query.output.contains("not a ScaNNIndex file"), query.output)
  }
}
