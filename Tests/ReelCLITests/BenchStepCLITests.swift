import Foundation
import XCTest

/// `reel bench step` runs the built binary on a tiny batch and prints the documented keys.
final class BenchStepCLITests: XCTestCase {
  func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try ReelProcess.run(arguments)
  }

  func testBenchStepPrintsJSONWithTheDocumentedKeys() throws {
    let (status, output) = try run(
      [
        "bench", "step", "--json", "--steps", "2", "--warm-up", "0", "--batch", "256",
        "--sgemm-repeats", "1",
      ])
    XCTAssertEqual(status, 0, output)
    let object = try XCTUnwrap(
      try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any], output)
    for key in [
      "retrieval_step_ms", "ranking_step_ms", "sgemm_gflops", "retrieval_flop_bound_ratio",
      "ranking_flop_bound_ratio",
    ] {
      let value = try XCTUnwrap(object[key] as? Double, "\(key) missing in \(output)")
      XCTAssertGreaterThan(value, 0, key)
    }
    XCTAssertEqual(object["steps"] as? Int, 2)
    XCTAssertEqual(object["batch"] as? Int, 256)
    // 6 · 256² · 32 floating-point operations in the retrieval step's three products.
    XCTAssertEqual(object["retrieval_matmul_gflop"] as? Double ?? 0, 0.012582912, accuracy: 1e-12)
  }

  func testBenchStepRejectsBadSettings() throws {
    let (status, output) = try run(["bench", "step", "--steps", "0"])
    XCTAssertNotEqual(status, 0)
    XCTAssertTrue(output.contains("--steps"), output)
  }
}
