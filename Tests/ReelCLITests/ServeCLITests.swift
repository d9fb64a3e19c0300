import Foundation
import Reel
import XCTest

/// `reel index build --model`, `reel index export` and `reel recommend --index` on a tiny
/// retrieval model (dimension 8) trained on the synthetic release of
/// ``TrainCLITests``.
final class ServeCLITests: XCTestCase {
  func temporary(_ name: String) -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-serve-\(name)-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
  }

  func run(_ arguments: [String]) throws -> String {
    let (status, output) = try TrainCLITests.reel(arguments)
    XCTAssertEqual(status, 0, "\(arguments.joined(separator: " ")): \(output.prefix(500))")
    return output
  }

  func recommend(_ arguments: [String]) throws -> (titles: [String], scores: [Double]) {
    let (status, output) = try TrainCLITests.reel(
      ["recommend", "--json"] + arguments, stdoutOnly: true)
    XCTAssertEqual(status, 0, output)
    let o = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    XCTAssertEqual(
      o["index"] as? String, arguments.contains("--index") ? "approximate" : "brute_force")
    return (o["titles"] as? [String] ?? [], o["scores"] as? [Double] ?? [])
  }

  func titles(_ model: String) throws -> [String] {
    try JSONDecoder().decode(
      [String].self, from: Data(contentsOf: URL(fileURLWithPath: model + "/movies.json")))
  }

  func trainModel() throws -> String {
    let model = temporary("model")
    _ = try run(
      ["train", "retrieval", "--data", TrainCLITests.folder, "--out", model] + TrainCLITests.small)
    return model
  }

  /// All leaves searched and every candidate re-scored: the approximate path is exact.
  func testIndexFromAModelGivesTheBruteForceTopKAndHonoursExclusions() throws {
    let model = try trainModel()
    let movies = try titles(model)
    let n = movies.count
    XCTAssertGreaterThan(n, 30)
    let built = try run([
      "index", "build", "--model", model, "--leaves", "6", "--leaves-to-search", "6",
      "--reorder", "\(n)", "--quiet",
    ])
    XCTAssert(built.contains("\(n) items of dimension 8, 6 leaves"), built)
    XCTAssert(FileManager.default.fileExists(atPath: model + "/candidates.scann"))
    for user in ["3", "7", "21"] {
      let exact = try recommend(["--model", model, "--user", user, "-k", "10"])
      let approx = try recommend(["--model", model, "--user", user, "-k", "10", "--index"])
      XCTAssertEqual(approx.titles, exact.titles, "user \(user)")
      XCTAssertEqual(approx.scores.count, 10)
      for (a, e) in zip(approx.scores, exact.scores) { XCTAssertEqual(a, e, accuracy: 1e-5) }
    }
    // Exclusions: every movie, with and without the ones user 7 rated in training.
    let seen = try JSONDecoder().decode(
      [String: [Int]].self, from: Data(contentsOf: URL(fileURLWithPath: model + "/seen.json")))
    let rated = Set((seen["7"] ?? []).map { movies[$0] })
    XCTAssertFalse(rated.isEmpty)
    let index = model + "/candidates.scann"
    let all = try recommend(["--model", model, "--user", "7", "-k", "\(n)", "--index", index])
    let kept = try recommend(
      ["--model", model, "--user", "7", "-k", "\(n)", "--index", index, "--exclude-seen"])
    XCTAssertEqual(all.titles.count, n)
    XCTAssertEqual(kept.titles, all.titles.filter { !rated.contains($0) })
    // One leaf per movie and one leaf searched: the index (not brute force) answers, with
    // only the few movies of the best leaf.
    let tiny = temporary("tiny") + ".scann"
    _ = try run([
      "index", "build", "--model", model, "--out", tiny, "--leaves", "\(n)",
      "--leaves-to-search", "1", "--reorder", "\(n)", "--quiet",
    ])
    let few = try recommend(["--model", model, "--user", "7", "-k", "10", "--index", tiny])
    XCTAssertGreaterThan(few.titles.count, 0)
    XCTAssertLessThan(few.titles.count, 10)
    XCTAssert(Set(few.titles).isSubset(of: all.titles))
    let text = try run(["recommend", "--model", model, "--user", "7", "--index"])
    XCTAssert(text.contains("top 10 for user 7"), text)
    XCTAssert(text.contains("approximate index"), text)
  }

  func testExportWritesTheEmbeddingsTheIndexHolds() throws {
    let model = try trainModel()
    let out = temporary("export")
    let index = temporary("index") + ".scann"
    _ = try run(["index", "build", "--model", model, "--out", index, "--quiet"])
    _ = try run(["index", "export", "--model", model, "--out", out])
    let movies = try NPYFile.readMatrix(URL(fileURLWithPath: out + "/movies.npy"))
    let users = try NPYFile.readMatrix(URL(fileURLWithPath: out + "/users.npy"))
    let n = try titles(model).count
    XCTAssertEqual(movies.shape, [n, 8])
    XCTAssertEqual(users.shape.count, 2)
    XCTAssertEqual(users.shape.last, 8)
    XCTAssertEqual(
      try NPYFile.readIDs(URL(fileURLWithPath: out + "/movie_ids.npy")), (0..<n).map { Int64($0) })
    let saved = try ScaNNIndex(contentsOf: URL(fileURLWithPath: index))
    XCTAssertEqual(saved.candidates.scalars, movies.scalars)
    let titles = try JSONDecoder().decode(
      [String].self, from: Data(contentsOf: URL(fileURLWithPath: out + "/movies.json")))
    XCTAssertEqual(titles, try self.titles(model))
    // The exported vectors indexed by `--items` serve the model too (same embeddings).
    let fromItems = temporary("items") + ".scann"
    _ = try run([
      "index", "build", "--items", out + "/movies.npy", "--out", fromItems, "--quiet",
    ])
    _ = try recommend(["--model", model, "--user", "7", "--index", fromItems])
  }

  func testAnIndexOfOtherEmbeddingsIsAnError() throws {
    let model = try trainModel()
    let n = try titles(model).count
    let dir = temporary("other")
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    func reject(_ items: Tensor, _ expected: String) throws {
      let npy = dir + "/items.npy"
      let index = dir + "/items.scann"
      try NPYFile.write(items, to: URL(fileURLWithPath: npy))
      _ = try run(["index", "build", "--items", npy, "--out", index, "--quiet"])
      let (status, output) = try TrainCLITests.reel(
        ["recommend", "--model", model, "--user", "7", "--index", index])
      XCTAssertNotEqual(status, 0, output)
      XCTAssert(output.contains(index), output)
      XCTAssert(output.contains("built for different embeddings"), output)
      XCTAssert(output.contains(expected), output)
    }
    var random = SplitMix64(seed: 3)
    let values = (0..<(n * 8)).map { _ in Float.random(in: -0.5..<0.5, using: &random) }
    try reject(Tensor(shape: [n, 8], scalars: values), "has another embedding than in the model")
    try reject(
      Tensor(shape: [n, 4], scalars: Array(values.prefix(n * 4))),
      "the index holds \(n) × 4, the model has \(n) movies of dimension 8")
    let missing = try TrainCLITests.reel(["recommend", "--model", model, "--user", "7", "--index"])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssert(missing.output.contains("candidates.scann: no index file"), missing.output)
  }
}
