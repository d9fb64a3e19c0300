import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

final class TextLineTests: XCTestCase {
  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reel-lines-\(UUID())")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  func write(_ name: String, _ bytes: String) throws -> String {
    let url = directory.appendingPathComponent(name)
    try Data(bytes.utf8).write(to: url)
    return url.path
  }

  func testEveryLineEndingAndUnterminatedLastLine() throws {
    let lf = try write("lf.txt", "a\nbb\n\nccc")
    let crlf = try write("crlf.txt", "x,1\r\ny,2\r\n")
    let cr = try write("cr.txt", "old\rmac\r")
    XCTAssertEqual(try Datasets.textLines([lf]).collect(), ["a", "bb", "", "ccc"])
    XCTAssertEqual(try Datasets.textLines([crlf]).collect(), ["x,1", "y,2"])
    XCTAssertEqual(try Datasets.textLines([cr]).collect(), ["old", "mac"])
    XCTAssertEqual(
      try Datasets.textLines([lf, crlf]).collect(), ["a", "bb", "", "ccc", "x,1", "y,2"])
    XCTAssertEqual(try Datasets.textLines([try write("empty.txt", "")]).collect(), [])
  }

  func testLineNumbersAndResumeAcrossFiles() throws {
    let a = try write("a.txt", "1\r\n2\r\n3\r\n")
    let b = try write("b.txt", "4\n5")
    let lines = try Datasets.numberedTextLines([a, b]).collect()
    XCTAssertEqual(lines.map(\.lineNumber), [1, 2, 3, 1, 2])
    XCTAssertEqual(lines.map(\.path), [a, a, a, b, b])
    try assertExactResume(Datasets.numberedTextLines([a, b]))
  }

  func testLargeFileStreamsAcrossBufferBoundaries() throws {
    // 300k CRLF lines (~2.6 MB) cross several 1 MiB reads, including a \r\n split across reads.
    let expected = (0..<300_000).map { "line-\($0)" }
    let path = try write("big.txt", expected.joined(separator: "\r\n") + "\r\n")
    let lines = try Datasets.textLines([path]).collect()
    XCTAssertEqual(lines.count, expected.count)
    XCTAssertTrue(lines == expected, "lines differ from what was written")
    try assertExactResume(
      Datasets.textLines([path]), positions: [0, 1, 99_999, 150_000, 299_999, 300_000])
  }

  func testMissingFileIsAClearError() {
    let missing = directory.appendingPathComponent("nope.txt").path
    assertPipelineError(try Datasets.textLines([missing]).collect()) {
      if case .io(path: missing, _) = $0 { return true } else { return false }
    }
  }

  func testFileListIsSortedAndFiltered() throws {
    for name in ["b.csv", "a.csv", "c.txt"] { _ = try write(name, "x\n") }
    let files = try Datasets.files(in: directory.path, matching: "*.csv").collect()
    XCTAssertEqual(files.map { URL(fileURLWithPath: $0).lastPathComponent }, ["a.csv", "b.csv"])
    XCTAssertEqual(try Datasets.files(in: directory.path).collect().count, 3)
    assertPipelineError(
      try Datasets.files(in: directory.appendingPathComponent("missing").path).collect()
    ) {
      if case .io = $0 { return true } else { return false }
    }
  }
}
