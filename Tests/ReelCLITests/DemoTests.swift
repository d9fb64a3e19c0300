import Foundation
import Reel
import XCTest

/// Runs the built `reel` binary like a user would.
final class DemoTests: XCTestCase {
  /// The package root (two levels above this file's folder).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The `reel` built beside the test bundle. `swift test` does not link executables, so the
  /// README's test command runs `swift build` first.
  static func reelBinary() throws -> URL {
    let bundle = Bundle(for: DemoTests.self).bundleURL
    let candidates = [
      bundle.deletingLastPathComponent().appendingPathComponent("reel"),
      bundle.appendingPathComponent("debug/reel"),
      root.appendingPathComponent(".build/debug/reel"),
    ]
    guard
      let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
    else {
      XCTFail(
        "reel binary not found (run `swift build` before `swift test`): tried \(candidates.map(\.path))"
      )
      throw CocoaError(.fileNoSuchFile)
    }
    return url
  }

  func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try ReelProcess.run(arguments, in: Self.root)
  }

  func testDemoRunsOnBundledFixtureAndResumesExactly() throws {
    // The retrieval part runs on a tiny synthetic release: ml-100k takes minutes in debug.
    let (status, output) = try run(
      ["demo", "--movielens", TrainCLITests.folder, "--train-epochs", "1"])
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("restored run matches the uninterrupted run"), output)
    XCTAssertTrue(output.contains("epoch 1 order differs from epoch 0: true"), output)
    XCTAssertTrue(output.contains("verify: all checksums ok; read back identical"), output)
    XCTAssertTrue(output.contains("movielens: 1000 ratings from"), output)
    XCTAssertTrue(output.contains("read back identical\nbasic retrieval:"), output)
    XCTAssertTrue(output.contains("test (200 ratings): top-1 "), output)
    XCTAssertTrue(output.contains("top 10 for user"), output)
    XCTAssertTrue(output.contains("  10. "), output)
  }

  func testDemoReportsMissingData() throws {
    let (status, output) = try run(["demo", "--ratings", "no/such/file.csv"])
    XCTAssertNotEqual(status, 0)
    XCTAssertTrue(output.contains("no/such/file.csv"), output)
  }

  func testBenchPipelinePrintsJSONWithTheDocumentedKeys() throws {
    let (status, output) = try run(
      [
        "bench", "pipeline", "--json", "--elements", "20000", "--heavy-elements", "64", "--repeats",
        "1",
      ])
    XCTAssertEqual(status, 0, output)
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    XCTAssertNotNil(object?["chain_ns_per_element"] as? Double, output)
    XCTAssertNotNil(object?["parallel_map_speedup"] as? Double, output)
    XCTAssertEqual(object?["elements_after_filter"] as? Int, 16000)
  }
}

extension DemoTests {
  /// Exact resume across processes: stop after k batches in one process, resume in another,
  /// and compare with an uninterrupted run.
  func testResumeInANewProcessMatchesTheUninterruptedRun() throws {
    let full = try run(["demo", "--digests", "--batch-size", "64"])
    XCTAssertEqual(full.status, 0, full.output)
    let expected = full.output.split(separator: "\n").filter { $0.hasPrefix("batch ") }
    XCTAssertGreaterThan(expected.count, 5)
    let state = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reel-demo-\(UUID()).json"
    ).path
    defer { try? FileManager.default.removeItem(atPath: state) }
    for k in [0, 1, 3, expected.count - 1, expected.count] {
      let first = try run(["demo", "--batch-size", "64", "--stop-after", "\(k)", "--state", state])
      XCTAssertEqual(first.status, 0, first.output)
      let second = try run(["demo", "--batch-size", "64", "--resume", "--state", state])
      XCTAssertEqual(second.status, 0, second.output)
      let lines = (first.output + second.output).split(separator: "\n").filter {
        $0.hasPrefix("batch ")
      }
      let digests = lines.map { $0.split(separator: ":", maxSplits: 1)[1] }
      XCTAssertEqual(
        digests, expected.map { $0.split(separator: ":", maxSplits: 1)[1] }, "stop after \(k)")
    }
  }
}

extension DemoTests {
  /// Kill -9 a writer at several points of a rewrite: the directory always holds a complete,
  /// valid dataset (the old one or the new one), never a readable half.
  func testKillingAWriterMidWriteLeavesTheOldOrTheNewDataset() throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("reel-kill-\(UUID())").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let first = try run(["generate", "ratings", "--rows", "50000", "--output", directory])
    XCTAssertEqual(first.status, 0, first.output)
    var sawOld = false
    for delay in [0.05, 0.2, 0.5, 1.0] {
      let writer = Process()
      writer.executableURL = try Self.reelBinary()
      writer.arguments = ["generate", "ratings", "--rows", "4000000", "--output", directory, "--overwrite", "--seed", "9"]
      writer.standardOutput = FileHandle.nullDevice
      try writer.run()
      usleep(useconds_t(delay * 1_000_000))
      kill(writer.processIdentifier, SIGKILL)
      writer.waitUntilExit()
      let check = try run(["verify", directory])
      XCTAssertEqual(check.status, 0, "after a kill at \(delay) s: \(check.output)")
      let rows = check.output.contains(" 50000 rows checked") ? 50_000 : check.output.contains(" 4000000 rows checked") ? 4_000_000 : -1
      XCTAssertNotEqual(rows, -1, check.output)
      if rows == 50_000 { sawOld = true }
    }
    XCTAssertTrue(sawOld, "at least one kill landed mid-write")
  }
}

extension DemoTests {
  func testPreprocessMovieLensWritesTrainTestAndMovies() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("reel-pre-\(UUID())")
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("ml-latest-small")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var ratings = "userId,movieId,rating,timestamp\r\n"
    for u in 1...30 { for m in 1...10 { ratings += "\(u),\(m),\(Double((u + m) % 10 + 1) / 2),\(900_000_000 + u * 100 + m)\r\n" } }
    ratings += "31,1,7.5,5\r\n"  // line 302: rating out of range
    try Data(ratings.utf8).write(to: folder.appendingPathComponent("ratings.csv"))
    var movies = "movieId,title,genres\r\n"
    for m in 1...10 { movies += "\(m),\"Movie \(m), The (199\(m % 10))\",Drama|Comedy\r\n" }
    try Data(movies.utf8).write(to: folder.appendingPathComponent("movies.csv"))
    let out = root.appendingPathComponent("out").path

    let failing = try run(["preprocess", "movielens", root.path, "--out", out])
    XCTAssertNotEqual(failing.status, 0)
    XCTAssertTrue(failing.output.contains("ratings.csv:302: rating '7.5'"), failing.output)

    let result = try run(["preprocess", "movielens", root.path, "--out", out, "--on-error", "skip", "--split", "temporal:0.8", "--json"])
    XCTAssertEqual(result.status, 0, result.output)
    let summary = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    XCTAssertEqual(summary?["rows"] as? Int, 300)
    XCTAssertEqual(summary?["users"] as? Int, 30)
    XCTAssertEqual(summary?["movies"] as? Int, 10)
    XCTAssertEqual(summary?["skipped"] as? Int, 1)
    XCTAssertEqual(summary?["train_rows"] as? Int, 240)
    for key in ["bytes", "seconds"] { XCTAssertNotNil(summary?[key], key) }
    let verify = try run(["verify", out + "/train"])
    XCTAssertEqual(verify.status, 0, verify.output)
    // The adapted lookups travel in every manifest and equal a fresh adapt over the train rows.
    let trainShards = try ShardDataset(directory: out + "/train")
    let attached = try Preprocessor(metadata: trainShards.manifest.metadata)
    XCTAssertEqual(try Preprocessor(metadata: try ShardDataset(directory: out + "/test").manifest.metadata), attached)
    var users = try StringLookup()
    try users.adapt(trainShards, column: "user_id")
    XCTAssertEqual(attached.step(writing: "user_index")?.layer, .stringLookup(users))
    let indexed = try trainShards.preprocess(with: attached).collect()
    XCTAssertEqual(try indexed.flatMap { try $0.int64("user_index") }, try users(try indexed.flatMap { Array(try $0.string("user_id")) }))
    for step in ["movie_index", "timestamp_normalized", "timestamp_bucket", "movie_title_tokens"] {
      XCTAssertNotNil(attached.step(writing: step), step)
    }
    let applied = try run(["cat", out + "/test", "--preprocess", "--limit", "2", "--columns", "user_id,user_index,movie_title_tokens"])
    XCTAssertEqual(applied.status, 0, applied.output)
    XCTAssertTrue(applied.output.hasPrefix("user_id,user_index,movie_title_tokens\n"), applied.output)
    let head = try run(["cat", out + "/test", "--limit", "1", "--format", "jsonl"])
    XCTAssertTrue(head.output.contains("\"movie_title\":\"Movie"), head.output)
    XCTAssertTrue(head.output.contains("\"movie_genres\":[7,4]"), head.output)

    for (examples, column) in [("sequential", "context_movie_id"), ("listwise", "movie_title")] {
      let made = try run(["preprocess", "movielens", root.path, "--out", out + "-" + examples, "--on-error", "skip", "--examples", examples, "--json"])
      XCTAssertEqual(made.status, 0, made.output)
      let rows = (try JSONSerialization.jsonObject(with: Data(made.output.utf8)) as? [String: Any])?["train_rows"] as? Int
      XCTAssertGreaterThan(rows ?? 0, 0, made.output)
      let inspect = try run(["inspect", out + "-" + examples + "/train"])
      XCTAssertTrue(inspect.output.contains(column), inspect.output)
    }
  }
}
