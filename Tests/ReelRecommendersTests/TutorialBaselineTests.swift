import Foundation
import ReelMovieLens
import ReelPipeline
import XCTest

@testable import ReelRecommenders

/// The retrieval tutorial model learns the synthetic releases' planted structure: it beats
/// recommending the most popular movies to everyone.
final class TutorialBaselineTests: XCTestCase {
  func testRetrievalBeatsTheMostPopularBaselineOnTop100() throws {
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-baseline-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    var config = MovieLensSynthesizer.Configuration(
      release: .ml100k, users: 300, movies: 600, ratings: 12_000, seed: 11)
    config.includeSplits = false
    _ = try MovieLensSynthesizer(config).write(to: root)
    let data = try TutorialRatings(
      path: root.appendingPathComponent(MovieLensRelease.ml100k.topFolder).path)
    var recipe = TrainingRecipe(task: .retrieval)
    recipe.batchSize = 512
    recipe.epochs = 6
    recipe.embeddingDimension = 16
    let outcome = try TutorialTraining.run(data: data, recipe: recipe)
    let split = data.split(seed: recipe.seed)
    let baseline = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
      .topKAccuracy(split.test, ks: [100])[100]!
    let model = outcome.shortMetrics["top_100_categorical_accuracy"]!
    print("top-100 accuracy: retrieval \(model), most popular \(baseline)")
    XCTAssertGreaterThan(model, baseline + 0.05, "retrieval \(model) vs most popular \(baseline)")
  }
}
