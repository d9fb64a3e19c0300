import Foundation
import XCTest

/// Runs the built `reel` binary like a user would.
final class DemoTests: XCTestCase {
  /// The package root (two levels above this file's folder).
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

  /// The `reel` built beside the test bundle. `swift test` does not link executables, so the
  /// README's test command runs `swift build` first.
  static func reelBinary() throws -> URL {
    let bundle = Bundle(for: DemoTests.self).bundleURL
    let candidates = [
      bundle.deletingLastPathComponent().appendingPathComponent("reel"),
      bundle.appendingPathComponent("debug/reel"),
      root.appendingPathComponent(".build/debug/reel"),
    ]
    guard let url = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) })
    else {
      XCTFail("reel binary not found (run `swift build` before `swift test`): tried \(candidates.map(\.path))")
      throw CocoaError(.fileNoSuchFile)
    }
    return url
  }

  func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = try Self.reelBinary()
    process.arguments = arguments
    process.currentDirectoryURL = Self.root
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func testDemoRunsOnBundledFixtureAndResumesExactly() throws {
    let (status, output) = try run(["demo"])
    XCTAssertEqual(status, 0, output)
    XCTAssertTrue(output.contains("restored run matches the uninterrupted run"), output)
    XCTAssertTrue(output.contains("epoch 1 order differs from epoch 0: true"), output)
  }

  func testDemoReportsMissingData() throws {
    let (status, output) = try run(["demo", "--ratings", "no/such/file.csv"])
    XCTAssertNotEqual(status, 0)
    XCTAssertTrue(output.contains("no/such/file.csv"), output)
  }

  func testBenchPipelinePrintsJSONWithTheDocumentedKeys() throws {
    let (status, output) = try run(
      ["bench", "pipeline", "--json", "--elements", "20000", "--heavy-elements", "64", "--repeats", "1"])
    XCTAssertEqual(status, 0, output)
    let object = try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any]
    XCTAssertNotNil(object?["chain_ns_per_element"] as? Double, output)
    XCTAssertNotNil(object?["parallel_map_speedup"] as? Double, output)
    XCTAssertEqual(object?["elements_after_filter"] as? Int, 16000)
  }
}
