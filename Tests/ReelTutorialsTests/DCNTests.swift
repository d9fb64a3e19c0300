import Foundation
import XCTest

@testable import ReelTutorials

/// The DCN tutorial: its toy data, the parameter counts TFRS reports, reduced trainings that
/// beat a mean predictor, and the cross-weight heat map.
final class DCNTests: XCTestCase {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/movielens/ml-1m").path

  func testMixerDataFollowsTheTutorialsFunction() {
    let data = MixerData(count: 2000, seed: 42)
    XCTAssertEqual(data.features.shape, [2000, 3])
    let x = data.features.scalars
    let y = data.labels.scalars
    var cookbooks = Set<Float>()
    for i in 0..<2000 {
      let (c, b, k) = (Double(x[3 * i]), Double(x[3 * i + 1]), Double(x[3 * i + 2]))
      XCTAssertTrue((0..<1).contains(c) && (0..<1).contains(b) && (0..<1).contains(k))
      XCTAssertEqual((c * 200).rounded(), c * 200, accuracy: 1e-3)
      XCTAssertEqual((b * 24).rounded(), b * 24, accuracy: 1e-3)
      cookbooks.insert(Float((k * 6).rounded()))
      let expected = 0.1 * c + 0.4 * b + 0.7 * k + 0.1 * c * b + 3.1 * b * k + 0.1 * k * k
      XCTAssertEqual(Double(y[i]), expected, accuracy: 1e-5)
    }
    XCTAssertEqual(cookbooks, [0, 1, 2, 3, 4, 5])
    XCTAssertEqual(MixerData(count: 2000, seed: 42).labels, data.labels, "seeded")
    let (train, test) = data.split(trainCount: 1800)
    XCTAssertEqual([train.count, test.count], [1800, 200])
    XCTAssertEqual(test.labels.scalars[0], y[1800])
  }

  func testParameterCountsMatchTFRS() throws {
    var rng = SplitMix64(seed: 1)
    XCTAssertEqual(try MixerModel(.cross, using: &rng).parameterCount, 16)
    XCTAssertEqual(try MixerModel(.deep, using: &rng).parameterCount, 166_401)
  }

  /// A one-layer cross network learns the toy function far better than predicting the mean:
  /// in 20 epochs over 9,000 points its test RMSE is under a tenth of the mean predictor's.
  func testCrossNetworkBeatsTheMeanPredictor() throws {
    var settings = DCNTutorial.Settings()
    settings.toyCount = 10_000
    settings.toyTrainCount = 9000
    settings.crossEpochs = 20
    settings.deepEpochs = 0
    var result = DCNTutorial.Result()
    try DCNTutorial.runToy(settings: settings, into: &result)
    let cross = try XCTUnwrap(result.toy.first)
    XCTAssertEqual(cross.parameters, 16)
    XCTAssertLessThan(cross.rmse, 0.1 * result.toyMeanRMSE, "cross \(cross.rmse), mean \(result.toyMeanRMSE)")
    // The heat map of |W| puts the strongest weight on bananas × cookbooks (3.1·b·k).
    let map = try XCTUnwrap(result.toyHeatMap)
    XCTAssertEqual(map.labels[map.strongest.row], "purchased_bananas")
    XCTAssertEqual(map.labels[map.strongest.column], "purchased_cookbooks")
  }

  func testMovieLensFeaturesAndVocabularies() throws {
    let data = try DCNRatings(path: Self.fixture)
    XCTAssertEqual(data.ratings.rowCount, 10_000)
    XCTAssertEqual(data.integerVocabularies["user_gender"], [0, 1])
    XCTAssertEqual(data.stringVocabularies["user_id"]?.count, 200)
    XCTAssertTrue(data.integerVocabularies["bucketized_user_age"]!.allSatisfy { [1, 18, 25, 35, 45, 50, 56].contains($0) })
    let split = data.split(seed: 42)
    XCTAssertEqual([split.train.rowCount, split.test.rowCount], [8000, 2000])
    var rng = SplitMix64(seed: 3)
    let dcn = try DCNModel(data: data, crossLayer: true, deepLayerSizes: [192, 192], using: &rng)
    let lowRank = try DCNModel(
      data: data, crossLayer: true, projectionDim: 20, deepLayerSizes: [192, 192], using: &rng)
    let embeddings = dcn.embeddings.reduce(0) { $0 + $1.table.value.scalarCount }
    // Embedding(vocabulary + 1, 32) each; cross 192² + 192; Dense 192→192 twice; Dense(1).
    XCTAssertEqual(dcn.parameterCount, embeddings + 192 * 192 + 192 + 2 * (192 * 192 + 192) + 193)
    XCTAssertEqual(lowRank.parameterCount, dcn.parameterCount - 192 * 192 + 2 * 192 * 20)
    XCTAssertThrowsError(try DCNRatings(path: "/no/such/folder")) {
      XCTAssertTrue("\($0)".contains("/no/such/folder"))
    }
  }

  /// DCN on the ml-1m-format fixture (8,000 train ratings, batches of 256, 1 epoch) beats
  /// predicting the mean training rating by at least 0.02 RMSE.
  func testDCNBeatsTheMeanRating() throws {
    let data = try DCNRatings(path: Self.fixture)
    var settings = DCNTutorial.Settings()
    settings.batchSize = 256
    settings.epochs = 1
    settings.runs = 1
    var result = DCNTutorial.Result()
    try DCNTutorial.runMovieLens(data: data, settings: settings, into: &result, only: 1)
    let dcn = try XCTUnwrap(result.movieLens.first)
    XCTAssertLessThan(dcn.rmse.mean, result.meanRatingRMSE - 0.02, "DCN \(dcn.rmse), mean \(result.meanRatingRMSE)")
    let map = try XCTUnwrap(result.heatMap)
    XCTAssertEqual(map.values.count, 6)
    XCTAssertTrue(map.svg(title: "t").contains("user_occupation_text"))
  }

  func testHeatMapBlockNorms() throws {
    // 2 features of size 2: block (0, 1) holds 3 and 4 → norm 5.
    let m = Tensor(shape: [4, 4], scalars: [0, 0, 3, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0])
    let map = try CrossHeatMap(matrix: m, blockSize: 2, labels: ["a", "b"])
    XCTAssertEqual(map.values, [[0, 5], [1, 0]])
    XCTAssertEqual(map.strongest.row, 0)
    XCTAssertEqual(map.strongest.column, 1)
    XCTAssertThrowsError(try CrossHeatMap(matrix: m, blockSize: 3, labels: ["a", "b"]))
    let svg = map.svg(title: "x & y")
    XCTAssertTrue(svg.hasPrefix("<svg") && svg.contains("x &amp; y") && svg.contains("5.00"))
  }
}
