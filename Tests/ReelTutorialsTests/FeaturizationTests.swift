import XCTest

@testable import ReelTutorials

final class FeaturizationTests: XCTestCase {
  func testSamplesAreTheLayersOutputs() throws {
    let data = try TutorialFixtures.small.get()
    let (f, s) = try FeaturizationTutorial.adapt(data: data, sampleCount: 3)
    let rows = data.ratings.slice(0..<3)
    XCTAssertEqual(s.userIDs, Array(try rows.string("user_id")))
    XCTAssertEqual(s.userIndices, try f.userIndices(rows))
    XCTAssertEqual(s.userHashes, try f.userHashes(rows))
    XCTAssertEqual(s.timestampBuckets, try f.timestampBucketIndices(rows))
    XCTAssertEqual(s.normalizedTimestamps, try f.normalizedTimestamps(rows))
    XCTAssertEqual(s.bucketEmbeddingHead.count, 4)
    XCTAssertTrue(s.bucketEmbeddingHead.allSatisfy { abs($0) <= 0.05 })
    XCTAssertEqual(s.titleWords[0], f.titleVectorizer.tokenize(s.titles[0]))
    XCTAssertEqual(s.titleTokenIDs.count, 3)
  }

  /// The model with every feature beats most-popular top-100 on the small fixture.
  func testAllFeaturesModelBeatsMostPopular() throws {
    let data = try TutorialFixtures.small.get()
    let settings = TutorialFixtures.quickSettings
    // 2,000 hash bins instead of 200,000 keep the debug test fast.
    let result = try FeaturizationTutorial.run(data: data, settings: settings, hashBins: 2000)
    let popular = try XCTUnwrap(result.popular[100])
    let full = try XCTUnwrap(result.allFeatures.testTopK(100))
    let idOnly = try XCTUnwrap(result.idOnly.testTopK(100))
    print("featurization (small fixture): all features \(full), id only \(idOnly), popular \(popular)")
    XCTAssertGreaterThan(full, popular + 0.02, "all features \(full), id only \(idOnly), popular \(popular)")
    XCTAssertGreaterThan(idOnly, popular + 0.02, "id only \(idOnly), popular \(popular)")
    XCTAssertNotNil(result.allFeatures.model.query.hashEmbedding)
    XCTAssertNil(result.idOnly.model.query.timestampEmbedding)
  }
}
