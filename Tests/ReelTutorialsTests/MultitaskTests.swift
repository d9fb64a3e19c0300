import XCTest

@testable import ReelTutorials

final class MultitaskTests: XCTestCase {
  /// On the small fixture with batches of 512 and 2 epochs, the joint model beats both
  /// baselines (most-popular top-100, mean-rating RMSE), and each specialist is poor at the
  /// other task.
  func testJointModelBeatsBothBaselines() throws {
    let data = try TutorialFixtures.small.get()
    var settings = MultitaskTutorial.defaultSettings
    settings.batchSize = 512
    settings.epochs = 2
    let result = try MultitaskTutorial.run(data: data, settings: settings)
    XCTAssertEqual(result.runs.map(\.ratingWeight), [1, 0, 1])
    XCTAssertEqual(result.runs.map(\.retrievalWeight), [0, 1, 1])
    let (rating, retrieval, joint) = (result.runs[0], result.runs[1], result.runs[2])
    let figures = result.runs.map { "\($0.top100)/\($0.rmse)" }.joined(separator: ", ")
    print("multitask (small fixture), top-100/RMSE: \(figures); popular \(result.popularTop100), mean \(result.meanRatingRMSE)")
    XCTAssertGreaterThan(joint.top100, result.popularTop100 + 0.02, figures)
    XCTAssertLessThan(joint.rmse, result.meanRatingRMSE - 0.02, figures)
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
