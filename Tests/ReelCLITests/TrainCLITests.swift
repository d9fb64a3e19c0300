import Foundation
import XCTest

/// `reel train`, `evaluate`, `recommend` and `tutorial` run as a user would, on a tiny
/// synthetic ml-100k release written by `reel synth movielens`.
final class TrainCLITests: XCTestCase {
  /// (root with ml-100k/ and ml-100k.zip), written once per test process.
  static let release: URL = {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-train-cli-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.removeItem(at: root)
    let result = try! reel([
      "synth", "movielens", "--release", "100k", "--users", "40", "--movies", "60",
      "--ratings", "1000", "--seed", "5", "--out", root.path, "--zip", "--no-splits",
    ])
    precondition(result.status == 0, result.output)
    return root
  }()

  static var folder: String { release.appendingPathComponent("ml-100k").path }
  static let small = ["--epochs", "2", "--batch-size", "128", "--embedding-dim", "8"]

  static func reel(_ arguments: [String], stdoutOnly: Bool = false) throws
    -> (status: Int32, output: String)
  {
    let process = Process()
    process.executableURL = try DemoTests.reelBinary()
    process.arguments = arguments
    process.currentDirectoryURL = DemoTests.root
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = stdoutOnly ? FileHandle.nullDevice : pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func temporary(_ name: String) -> String {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-\(name)-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url.path
  }

  /// Runs `arguments` expecting success and one JSON object on stdout.
  func json(_ arguments: [String]) throws -> [String: Any] {
    let (status, output) = try Self.reel(arguments, stdoutOnly: true)
    XCTAssertEqual(status, 0, output)
    XCTAssertEqual(
      output.split(separator: "\n").count, 1, "one line of JSON: \(output.prefix(300))")
    guard let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    else { throw CocoaError(.propertyListReadCorrupt) }
    return object
  }

  static let retrievalKeys = [
    "top_1_categorical_accuracy", "top_5_categorical_accuracy", "top_10_categorical_accuracy",
    "top_50_categorical_accuracy", "top_100_categorical_accuracy",
  ]

  func assertRunKeys(_ o: [String: Any], task: String, rows: Int, epochs: Int = 2) {
    XCTAssertEqual(o["task"] as? String, task)
    XCTAssertEqual(o["train_rows"] as? Int, rows * 4 / 5)
    XCTAssertEqual(o["test_rows"] as? Int, rows - rows * 4 / 5)
    XCTAssertEqual(o["epochs"] as? Int, epochs)
    XCTAssertEqual((o["epoch_seconds"] as? [Double])?.count, epochs)
    XCTAssertGreaterThan(o["total_seconds"] as? Double ?? 0, 0)
    XCTAssertNotNil(o["loss"] as? Double)
    for key in task == "retrieval" ? Self.retrievalKeys : ["rmse"] {
      XCTAssertNotNil(o[key] as? Double, key)
    }
  }

  func testTrainEvaluateAndRecommendOnAFolder() throws {
    let model = temporary("model")
    let trained = try json(
      ["train", "retrieval", "--data", Self.folder, "--out", model, "--json"] + Self.small)
    assertRunKeys(trained, task: "retrieval", rows: 1000)
    let evaluated = try json(["evaluate", "--model", model, "--json"])
    for key in Self.retrievalKeys + ["loss"] {
      XCTAssertEqual(
        evaluated[key] as? Double ?? -1, trained[key] as? Double ?? -2, accuracy: 1e-4, key)
    }
    let zip = Self.release.appendingPathComponent("ml-100k.zip").path
    let onZip = try json(["evaluate", "--model", model, "--data", zip, "--json"])
    XCTAssertEqual(onZip["data"] as? String, zip)
    XCTAssertEqual(
      onZip["top_100_categorical_accuracy"] as? Double ?? -1,
      evaluated["top_100_categorical_accuracy"] as? Double ?? -2, accuracy: 1e-6,
      "the zip holds the same ratings, so the same split")
    let all = try json(["recommend", "--model", model, "--user", "7", "-k", "60", "--json"])
    let kept = try json(
      ["recommend", "--model", model, "--user", "7", "-k", "60", "--exclude-seen", "--json"])
    let allTitles = all["titles"] as? [String] ?? []
    let keptTitles = kept["titles"] as? [String] ?? []
    // The movies user 7 rated in training, from the model directory.
    let movies = try JSONDecoder().decode(
      [String].self, from: Data(contentsOf: URL(fileURLWithPath: model + "/movies.json")))
    let seen = try JSONDecoder().decode(
      [String: [Int]].self, from: Data(contentsOf: URL(fileURLWithPath: model + "/seen.json")))
    let rated = Set((seen["7"] ?? []).map { movies[$0] })
    XCTAssertFalse(rated.isEmpty)
    XCTAssertEqual(allTitles.count, movies.count)
    XCTAssertEqual(keptTitles, allTitles.filter { !rated.contains($0) })
    let text = try Self.reel(["recommend", "--model", model, "--user", "7"])
    XCTAssertEqual(text.status, 0, text.output)
    XCTAssert(text.output.contains("top 10 for user 7"), text.output)
    XCTAssert(text.output.contains("10. "), text.output)
  }

  func testTrainRankingOnTheZip() throws {
    let model = temporary("ranking")
    let zip = Self.release.appendingPathComponent("ml-100k.zip").path
    let trained = try json(
      [
        "train", "ranking", "--data", zip, "--out", model, "--json", "--optimizer", "adam",
        "--learning-rate", "0.01",
      ] + Self.small)
    assertRunKeys(trained, task: "ranking", rows: 1000)
    XCTAssertLessThan(trained["rmse"] as? Double ?? 99, 3)
    let top = try json(["recommend", "--model", model, "--user", "3", "-k", "5", "--json"])
    let scores = top["scores"] as? [Double] ?? []
    XCTAssertEqual(scores.count, 5)
    XCTAssertEqual(scores, scores.sorted(by: >))
  }

  func testZeroEpochsSavesTheInitialWeightsAndExportBatchesWritesTheRows() throws {
    let model = temporary("initial")
    let batches = temporary("batches")
    let trained = try json(
      [
        "train", "ranking", "--data", Self.folder, "--out", model, "--json", "--epochs", "0",
        "--batch-size", "300", "--export-batches", batches,
      ])
    XCTAssertEqual(trained["epochs"] as? Int, 0)
    XCTAssert(
      FileManager.default.fileExists(atPath: model + "/weights.safetensors"), "initial weights")
    let again = try json(
      [
        "train", "ranking", "--data", Self.folder, "--out", temporary("again"), "--json",
        "--epochs", "2", "--batch-size", "300", "--export-batches", batches,
      ])
    XCTAssertEqual(again["epochs"] as? Int, 2)
    let data = try Data(contentsOf: URL(fileURLWithPath: batches + "/batches.json"))
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(object["batch_size"] as? Int, 300)
    let epochs = try XCTUnwrap(object["train_epochs"] as? [[String: Any]])
    XCTAssertEqual(epochs.count, 2)
    XCTAssertEqual((epochs[0]["user_id"] as? [String])?.count, 800)
    XCTAssertEqual((epochs[1]["user_rating"] as? [Double])?.count, 800)
    let test = try XCTUnwrap(object["test"] as? [String: Any])
    XCTAssertEqual((test["movie_title"] as? [String])?.count, 200)
  }

  func testTrainOnShardsFromPreprocess() throws {
    let shards = temporary("shards")
    let pre = try Self.reel(["preprocess", "movielens", Self.folder, "--out", shards])
    XCTAssertEqual(pre.status, 0, pre.output)
    let whole = try json(
      ["train", "retrieval", "--data", shards, "--out", temporary("m1"), "--json"] + Self.small)
    assertRunKeys(whole, task: "retrieval", rows: 1000)
    let trainOnly = try json(
      ["train", "ranking", "--data", shards + "/train", "--out", temporary("m2"), "--json"]
        + Self.small)
    let rows = (trainOnly["train_rows"] as? Int ?? 0) + (trainOnly["test_rows"] as? Int ?? 0)
    XCTAssert(rows > 700 && rows < 900, "the train dataset of a random:0.8 split: \(rows)")
  }

  func testErrorsNameThePathOrTheUser() throws {
    let missing = try Self.reel(
      ["train", "retrieval", "--data", "/no/such/data", "--out", temporary("x")])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssert(missing.output.contains("/no/such/data"), missing.output)
    let model = temporary("model")
    let trained = try Self.reel(
      ["train", "retrieval", "--data", Self.folder, "--out", model] + Self.small)
    XCTAssertEqual(trained.status, 0, trained.output)
    XCTAssert(trained.output.contains("top_100_categorical_accuracy"), trained.output)
    let unknown = try Self.reel(["recommend", "--model", model, "--user", "nobody"])
    XCTAssertNotEqual(unknown.status, 0)
    XCTAssert(unknown.output.contains("unknown user 'nobody'"), unknown.output)
    let weights = URL(fileURLWithPath: model + "/weights.safetensors")
    var bytes = try Data(contentsOf: weights)
    bytes[bytes.count / 2] ^= 0xFF
    try bytes.write(to: weights)
    let corrupted = try Self.reel(["recommend", "--model", model, "--user", "7"])
    XCTAssertNotEqual(corrupted.status, 0)
    XCTAssert(corrupted.output.contains("weights.safetensors"), corrupted.output)
    XCTAssert(corrupted.output.contains("checksum mismatch"), corrupted.output)
    let notAModel = try Self.reel(["evaluate", "--model", Self.folder])
    XCTAssertNotEqual(notAModel.status, 0)
    XCTAssert(notAModel.output.contains("not a Reel model directory"), notAModel.output)
  }

  func testTutorialsPrintTheirStepsAndJSON() throws {
    let ranking = try json(
      [
        "tutorial", "basic-ranking", "--data", Self.folder, "--seed", "7", "--epochs", "1",
        "--json",
      ])
    assertRunKeys(ranking, task: "ranking", rows: 1000, epochs: 1)
    let retrieval = try Self.reel(
      ["tutorial", "basic-retrieval", "--data", Self.folder, "--epochs", "1", "--user", "12"])
    XCTAssertEqual(retrieval.status, 0, retrieval.output)
    for step in [
      "1. Read the ratings", "2. Split", "3. Model", "4. Fit", "5. Evaluate",
      "6. Recommend", "top 3 for user \"12\"", "top_100_categorical_accuracy",
    ] {
      XCTAssert(retrieval.output.contains(step), "\(step) missing in \(retrieval.output)")
    }
    let quiet = try Self.reel(
      [
        "tutorial", "basic-retrieval", "--data", Self.folder, "--epochs", "1",
        "--no-training-metrics",
      ])
    XCTAssertEqual(quiet.status, 0, quiet.output)
    let training = quiet.output.components(separatedBy: "5. Evaluate")[0]
    XCTAssert(training.contains("epoch 1 done"), training)
    XCTAssertFalse(training.contains("top_100"), "no training metrics were asked for: \(training)")
    XCTAssert(retrieval.output.components(separatedBy: "5. Evaluate")[0].contains("top_100"))
    let unknown = try Self.reel(["tutorial", "no-such-tutorial"])
    XCTAssertNotEqual(unknown.status, 0)
    XCTAssert(
      unknown.output.contains("no tutorial named no-such-tutorial; the tutorials are: basic-retrieval"),
      unknown.output)
    let missing = try Self.reel(["tutorial", "basic-retrieval", "--data", "/no/such/ml-100k"])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssert(missing.output.contains("/no/such/ml-100k not found"), missing.output)
  }
}
