import Foundation
import ReelMovieLens
import ReelPipeline
import XCTest

@testable import ReelRecommenders

/// The retrieval tutorial model learns from a synthetic release: far above chance, and
/// compared with recommending the most popular movies to everyone.
///
/// Measured (Docs/Tutorials/basic-retrieval.md): with the tutorial's recipe the in-batch
/// softmax model does *not* beat the most-popular baseline on the synthetic fixtures (its
/// scores are popularity-debiased, as in-batch negatives are popularity-sampled); this test
/// pins what holds: well above chance, and within reach of the baseline.
final class TutorialBaselineTests: XCTestCase {
  func testRetrievalLearnsFarAboveChance() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-baseline-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var config = MovieLensSynthesizer.Configuration(
      release: .ml100k, users: 150, movies: 500, ratings: 5000, seed: 11)
    config.includeSplits = false
    _ = try MovieLensSynthesizer(config).write(to: root)
    let data = try TutorialRatings(
      path: root.appendingPathComponent(MovieLensRelease.ml100k.topFolder).path)
    var recipe = TrainingRecipe(task: .retrieval)
    recipe.batchSize = 256
    recipe.epochs = 3
    recipe.embeddingDimension = 16
    let outcome = try TutorialTraining.run(data: data, recipe: recipe)
    let split = data.split(seed: recipe.seed)
    let popular = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
      .topKAccuracy(split.test, ks: [10, 100])
    let m = outcome.shortMetrics
    let chance = { (k: Double) in k / Double(data.movieTitles.count) }
    print(
      "top-10 / top-100 accuracy: retrieval \(m["top_10_categorical_accuracy"]!) / "
        + "\(m["top_100_categorical_accuracy"]!), most popular \(popular[10]!) / \(popular[100]!), "
        + "chance \(chance(10)) / \(chance(100))")
    XCTAssertGreaterThan(m["top_10_categorical_accuracy"]!, 2 * chance(10))
    XCTAssertGreaterThan(m["top_100_categorical_accuracy"]!, chance(100) + 0.15)
    XCTAssertGreaterThan(m["top_100_categorical_accuracy"]!, popular[100]! - 0.1)
  }
}
