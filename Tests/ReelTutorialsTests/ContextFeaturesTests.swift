import XCTest

@testable import ReelTutorials

final class ContextFeaturesTests: XCTestCase {
  /// Both variants, trained on the small fixture with the logQ correction (2 epochs, batches
  /// of 512), beat most-popular top-100.
  func testBothVariantsBeatMostPopular() throws {
    let data = try TutorialFixtures.small.get()
    let result = try ContextFeaturesTutorial.run(
      data: data, settings: TutorialFixtures.quickSettings)
    let popular = try XCTUnwrap(result.popular[100])
    let without = try XCTUnwrap(result.withoutTimestamps.testTopK(100))
    let with = try XCTUnwrap(result.withTimestamps.testTopK(100))
    print("context-features (small fixture): without \(without), with \(with), popular \(popular)")
    XCTAssertGreaterThan(without, popular + 0.05, "without timestamps \(without) vs \(popular)")
    XCTAssertGreaterThan(with, popular + 0.02, "with timestamps \(with) vs \(popular)")
    XCTAssertEqual(result.gain, with - without, accuracy: 1e-12)
    XCTAssertEqual(result.trainRows + result.testRows, data.ratings.rowCount)
    XCTAssertEqual(result.withTimestamps.model.query.features, [.timestamps])
    XCTAssertTrue(result.chartSVG().contains("with timestamps"))
  }
}
