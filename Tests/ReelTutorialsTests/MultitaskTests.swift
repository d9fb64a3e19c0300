import XCTest

@testable import ReelTutorials

final class MultitaskTests: XCTestCase {
  /// On the small fixture with batches of 512 (measured in release: rating-only 0.19 / 0.85,
  /// retrieval-only 0.47 / 3.82, joint 0.47 / 0.90; most-popular 0.429, mean rating 0.974):
  /// the joint model beats both baselines, and each specialist is poor at the other task.
  func testJointModelBeatsBothBaselines() throws {
    let data = try TutorialFixtures.small.get()
    var settings = MultitaskTutorial.defaultSettings
    settings.batchSize = 512
    let result = try MultitaskTutorial.run(data: data, settings: settings)
    XCTAssertEqual(result.runs.map(\.ratingWeight), [1, 0, 1])
    XCTAssertEqual(result.runs.map(\.retrievalWeight), [0, 1, 1])
    let (rating, retrieval, joint) = (result.runs[0], result.runs[1], result.runs[2])
    let figures = result.runs.map { "\($0.top100)/\($0.rmse)" }.joined(separator: ", ")
    XCTAssertGreaterThan(joint.top100, result.popularTop100 + 0.02, figures)
    XCTAssertLessThan(joint.rmse, result.meanRatingRMSE - 0.03, figures)
    XCTAssertLessThan(rating.top100, retrieval.top100 - 0.1, figures)
    XCTAssertLessThan(rating.rmse, retrieval.rmse - 1, figures)
    XCTAssertTrue(result.chartSVG().contains("(1, 1)"))
  }

  func testMeanRatingBaseline() throws {
    let rows = { (ratings: [Float]) in
      try FeatureBatch([
        ("user_rating", FeatureColumn.float(ratings))
      ])
    }
    let split = RatingsSplit(train: try rows([1, 3]), test: try rows([2, 4]))
    // mean 2: errors 0 and 2 → RMSE √2
    XCTAssertEqual(try MultitaskTutorial.meanRatingRMSE(split), 2.0.squareRoot(), accuracy: 1e-12)
  }
}
