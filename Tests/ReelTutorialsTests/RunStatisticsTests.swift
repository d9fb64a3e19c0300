import XCTest

@testable import ReelTutorials

final class RunStatisticsTests: XCTestCase {
  func testMeanAndSampleDeviationMatchNumPy() {
    // numpy: np.mean([0.9326, 0.9312, 0.9390]) = 0.934267, np.std(ddof=1) = 0.004158
    let s = RunStatistics([0.9326, 0.9312, 0.9390])
    XCTAssertEqual(s.mean, 0.934266_667, accuracy: 1e-9)
    XCTAssertEqual(s.standardDeviation, 0.004158_526, accuracy: 1e-8)
    XCTAssertEqual(s.standardError, 0.004158_526 / 3.0.squareRoot(), accuracy: 1e-8)
    XCTAssertEqual(s.formatted(), "0.9343 ± 0.0042")
  }

  func testOneRunHasNoDeviation() {
    XCTAssertEqual(RunStatistics([2.5]).standardDeviation, 0)
    XCTAssertEqual(RunStatistics([2.5]).formatted(digits: 1), "2.5 ± 0.0")
    XCTAssertEqual(RunStatistics([-0.25, -0.35]).formatted(digits: 2), "-0.30 ± 0.07")
  }
}
