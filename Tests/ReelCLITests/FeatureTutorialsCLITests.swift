import Foundation
import XCTest

/// `reel tutorial context-features | featurization | multitask` on the tiny synthetic release
/// of ``TrainCLITests`` (1,000 ratings), one epoch: each prints its JSON figures.
final class FeatureTutorialsCLITests: XCTestCase {
  func run(_ name: String) throws -> [String: Any] {
    let result = try TrainCLITests.reel(
      ["tutorial", name, "--data", TrainCLITests.folder, "--epochs", "1", "--json"],
      stdoutOnly: true)
    XCTAssertEqual(result.status, 0, result.output)
    let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8))
    return try XCTUnwrap(object as? [String: Any], result.output)
  }

  func testFeatureTutorialsPrintTheirFigures() throws {
    let context = try run("context-features")
    for key in [
      "with_timestamps_test_top_100", "without_timestamps_test_top_100",
      "timestamp_gain_top_100", "popular_top_100_categorical_accuracy",
    ] {
      XCTAssertNotNil(context[key] as? Double, "context-features lacks \(key)")
    }
    XCTAssertEqual(context["train_rows"] as? Int, 800)

    let featurization = try run("featurization")
    XCTAssertEqual(featurization["user_vocabulary_size"] as? Int, 41)  // 40 users + "[UNK]"
    XCTAssertEqual(featurization["timestamp_buckets"] as? Int, 1001)
    XCTAssertEqual((featurization["sample_user_hashes"] as? [Int])?.count, 3)
    XCTAssertNotNil(featurization["all_features_test_top_100"] as? Double)

    let multitask = try run("multitask")
    for weights in ["1_0", "0_1", "1_1"] {
      XCTAssertNotNil(multitask["weights_\(weights)_rmse"] as? Double, "multitask \(weights)")
      XCTAssertNotNil(
        multitask["weights_\(weights)_top_100_categorical_accuracy"] as? Double,
        "multitask \(weights)")
    }
  }
}
