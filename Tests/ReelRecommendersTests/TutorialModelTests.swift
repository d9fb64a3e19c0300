import Foundation
import ReelMovieLens
import ReelPipeline
import XCTest

@testable import ReelRecommenders

final class TutorialModelTests: XCTestCase {
  func tinyRecipe(_ task: TutorialTask) -> TrainingRecipe {
    var recipe = TrainingRecipe(task: task)
    recipe.epochs = 2
    recipe.batchSize = 128
    recipe.testBatchSize = 64
    recipe.embeddingDimension = 8
    recipe.seed = 3
    return recipe
  }

  func temporaryFolder() -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-model-\(UUID().uuidString)")
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }

  func trained(_ task: TutorialTask) throws -> (TutorialRatings, TutorialOutcome) {
    let data = try TutorialRatings(path: TinyRelease.paths.folder.path)
    return (data, try TutorialTraining.run(data: data, recipe: tinyRecipe(task)))
  }

  func testRoundTripGivesIdenticalRecommendationsAndMetrics() throws {
    for task in TutorialTask.allCases {
      let (data, outcome) = try trained(task)
      let folder = temporaryFolder()
      try ModelDirectory.save(outcome, data: data, to: folder)
      let loaded = try ModelDirectory.load(from: folder)
      XCTAssertEqual(loaded.manifest.kind, task)
      XCTAssertEqual(loaded.manifest.recipe, tinyRecipe(task))
      XCTAssertEqual(loaded.history, outcome.history)
      XCTAssertEqual(loaded.manifest.data.trainRows, 800)
      for (a, b) in zip(outcome.recommender.model.parameters, loaded.recommender.model.parameters) {
        XCTAssertEqual(a.name, b.name)
        XCTAssertEqual(a.value.scalars, b.value.scalars, "\(task) \(a.name)")
      }
      for user in ["1", "7", "40"] {
        for exclude in [false, true] {
          XCTAssertEqual(
            try outcome.recommender.recommend(user: user, k: 10, excludeSeen: exclude),
            try loaded.recommender.recommend(user: user, k: 10, excludeSeen: exclude),
            "\(task) user \(user)")
        }
      }
      let again = try TutorialTraining.evaluate(loaded.recommender, data: data)
      XCTAssertEqual(again.testRows, 200)
      for (name, value) in outcome.metrics {
        XCTAssertEqual(
          again.metrics[name] ?? .nan, value, accuracy: 1e-5 * max(1, abs(value)), name)
      }
      XCTAssertEqual(loaded.manifest.metrics, outcome.metrics)
      for name in ["history.csv", "history.svg", "candidates.index"] where task == .retrieval {
        XCTAssert(FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path))
      }
    }
  }

  func testExcludeSeenRemovesExactlyTheTrainingMovies() throws {
    for task in TutorialTask.allCases {
      let (data, outcome) = try trained(task)
      let r = outcome.recommender
      let split = data.split(seed: r.recipe.seed)
      var rated: Set<String> = []
      for (u, m) in zip(try split.train.string("user_id"), try split.train.string("movie_title"))
      where u == "7" {
        rated.insert(m)
      }
      XCTAssertFalse(rated.isEmpty)
      let all = try r.recommend(user: "7", k: r.movies.count)
      XCTAssertEqual(Set(all.map(\.title)), Set(r.movies))
      let kept = try r.recommend(user: "7", k: r.movies.count, excludeSeen: true)
      XCTAssertEqual(Set(kept.map(\.title)), Set(r.movies).subtracting(rated), "\(task)")
      XCTAssertEqual(kept, all.filter { !rated.contains($0.title) }, "\(task): same order")
    }
  }

  func testUnknownUserCorruptedWeightsAndMissingManifestAreClearErrors() throws {
    let (data, outcome) = try trained(.retrieval)
    XCTAssertThrowsError(try outcome.recommender.recommend(user: "no-such-user")) { error in
      XCTAssert("\(error)".contains("unknown user 'no-such-user'"), "\(error)")
    }
    let folder = temporaryFolder()
    try ModelDirectory.save(outcome, data: data, to: folder)
    let weights = folder.appendingPathComponent("weights.safetensors")
    var bytes = try Data(contentsOf: weights)
    bytes[bytes.count - 10] ^= 0x5A
    try bytes.write(to: weights)
    XCTAssertThrowsError(try ModelDirectory.load(from: folder)) { error in
      XCTAssert("\(error)".contains("weights.safetensors"), "\(error)")
      XCTAssert("\(error)".contains("checksum mismatch"), "\(error)")
    }
    try Data(bytes.prefix(100)).write(to: weights)
    XCTAssertThrowsError(try ModelDirectory.load(from: folder)) { error in
      XCTAssert("\(error)".contains("truncated or replaced"), "\(error)")
    }
    try FileManager.default.removeItem(at: folder.appendingPathComponent("model.json"))
    XCTAssertThrowsError(try ModelDirectory.load(from: folder)) { error in
      XCTAssert("\(error)".contains("not a Reel model directory"), "\(error)")
    }
  }

  func testSavingOverAnotherModelReplacesIt() throws {
    let (data, retrieval) = try trained(.retrieval)
    let (_, ranking) = try trained(.ranking)
    let folder = temporaryFolder()
    try ModelDirectory.save(retrieval, data: data, to: folder)
    try ModelDirectory.save(ranking, data: data, to: folder)
    let loaded = try ModelDirectory.load(from: folder)
    XCTAssertEqual(loaded.manifest.kind, .ranking)
    XCTAssertEqual(
      try loaded.recommender.recommend(user: "3"), try ranking.recommender.recommend(user: "3"))
  }

  func testPopularityBaselineCountsStrictlyHigherScores() throws {
    let train = try FeatureBatch([("movie_title", .string(["a", "a", "b", "b", "c"]))])
    let test = try FeatureBatch([("movie_title", .string(["a", "b", "c", "d"]))])
    let baseline = try PopularityBaseline(train: train, candidates: ["a", "b", "c", "d"])
    // a, b: 0 higher (hit at 1); c: 2 higher; d: 3 higher.
    let acc = try baseline.topKAccuracy(test, ks: [1, 3, 4])
    XCTAssertEqual(acc[1], 0.5)
    XCTAssertEqual(acc[3], 0.75)
    XCTAssertEqual(acc[4], 1.0)
  }
}
