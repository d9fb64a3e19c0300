import Foundation
import XCTest

@testable import ReelTutorials

/// The deep-retrieval tutorial: its adapted features, periodic validation, and a reduced
/// training run that must beat the most-popular baseline.
final class DeepRetrievalTests: XCTestCase {
  static func tinyRatings() throws -> TutorialRatings {
    let batch = try FeatureBatch([
      ("user_id", FeatureColumn.string(["1", "2", "1", "3"])),
      ("movie_title", FeatureColumn.string(["Toy Story (1995)", "Heat (1995)", "Heat (1995)", "Toy Story (1995)"])),
      ("user_rating", FeatureColumn.float([5, 4, 3, 2])),
      ("timestamp", FeatureColumn.int64([1000, 2998, 2000, 3000])),
    ])
    return try TutorialRatings(
      ratings: batch, movieTitles: ["Toy Story (1995)", "Heat (1995)", "Casino Royale (2006)"])
  }

  func testFeaturesFollowTheTutorial() throws {
    let features = try DeepRetrievalFeatures(data: Self.tinyRatings())
    let boundaries = features.timestampDiscretization.binBoundaries
    XCTAssertEqual(boundaries.count, 1000)
    XCTAssertEqual(boundaries.first, 1000)
    XCTAssertEqual(boundaries.last, 3000)
    XCTAssertEqual(boundaries[1], 1000 + 2000 / 999, accuracy: 1e-3)
    XCTAssertEqual(features.timestampBucketCount, 1001)
    let batch = try Self.tinyRatings().ratings
    // Keras's Discretization: bucket = number of boundaries ≤ value.
    XCTAssertEqual(try features.timestampBuckets(batch), [1, 999, 500, 1000])
    let normalized = try features.normalizedTimestamps(batch)
    XCTAssertEqual(normalized.shape, [4, 1])
    XCTAssertEqual(normalized.scalars.reduce(0, +), 0, accuracy: 1e-4)
    XCTAssertEqual(try features.userIndices(batch), [1, 2, 1, 3])
    XCTAssertEqual(features.titles, ["Casino Royale (2006)", "Heat (1995)", "Toy Story (1995)"])
    // Tokens: "1995" twice, then the rest by bytes descending; 0 pads, OOV is 1.
    XCTAssertEqual(features.titleVectorizer.vocabulary.prefix(3), ["", "[UNK]", "1995"])
    XCTAssertEqual(features.titleTokenWidth, 3)
    let tokens = try features.titleTokenIDs(["Heat (1995)", "Unknown heat"])
    XCTAssertEqual(tokens.count, 6)
    XCTAssertEqual(Array(tokens[0..<3]).filter { $0 != 0 }.count, 2)
    XCTAssertEqual(tokens[2], 0)
    XCTAssertEqual(tokens[3], 1, "unknown word → OOV")
  }

  func testTowersHaveTheTutorialShapes() throws {
    let features = try DeepRetrievalFeatures(data: Self.tinyRatings())
    var rng = SplitMix64(seed: 5)
    let model = try DeepRetrievalModel(features: features, layerSizes: [8, 4], using: &rng)
    XCTAssertEqual(model.query.dense.inputSize, 65)
    XCTAssertEqual(model.candidate.dense.inputSize, 64)
    XCTAssertEqual(model.candidate.tokenEmbedding.inputDim, 10_000)
    let batch = try Self.tinyRatings().ratings
    XCTAssertEqual(try model.query(batch, features: features, tape: nil).shape, [4, 4])
    XCTAssertThrowsError(
      try DeepRetrievalModel(features: features, layerSizes: [], using: &rng))
  }

  func testPeriodicValidationRunsEveryFrequencyAndAtTheEnd() throws {
    let data = try Self.tinyRatings()
    let features = try DeepRetrievalFeatures(data: data)
    var rng = SplitMix64(seed: 5)
    let model = try DeepRetrievalModel(features: features, layerSizes: [4], using: &rng)
    let split = RatingsSplit(train: data.ratings, test: data.ratings)
    let validation = PeriodicValidation(data: split.testBatches(), frequency: 2)
    let trainer = Trainer(
      model: model, optimizer: Adagrad(learningRate: 0.1), callbacks: [validation])
    try trainer.fit(train: split.trainBatches(batchSize: 2, seed: 1), epochs: 5)
    XCTAssertEqual(validation.records.map(\.epoch), [2, 4, 5])
    XCTAssertNotNil(validation.records[0].values[DeepRetrieval.top100])
  }
}
