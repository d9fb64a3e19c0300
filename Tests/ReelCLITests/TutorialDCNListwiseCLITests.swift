import Foundation
import XCTest

/// `reel tutorial dcn` and `reel tutorial listwise-ranking` as a user runs them: listed in the
/// help, and failing at once with a clear message on unusable data (training them takes too
/// long for the CLI suite; Tests/ReelTutorialsTests trains reduced versions).
final class TutorialDCNListwiseCLITests: XCTestCase {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/movielens")

  func testListedAndBadDataIsAClearError() throws {
    let help = try ReelProcess.run(["tutorial", "--help"])
    XCTAssert(help.output.contains("dcn:") && help.output.contains("listwise-ranking:"), help.output)
    let noUsers = try ReelProcess.run([
      "tutorial", "dcn", "--data", Self.fixtures.appendingPathComponent("ml-latest-small").path,
    ])
    XCTAssertNotEqual(noUsers.status, 0)
    XCTAssert(noUsers.output.contains("has no user features"), noUsers.output)
    let missing = try ReelProcess.run(["tutorial", "listwise-ranking", "--data", "/no/such/ml-100k"])
    XCTAssertNotEqual(missing.status, 0)
    XCTAssert(missing.output.contains("/no/such/ml-100k not found"), missing.output)
  }
}
