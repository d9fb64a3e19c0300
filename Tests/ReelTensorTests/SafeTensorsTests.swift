import Foundation
import ReelPipeline
import XCTest

@testable import ReelTensor

final class SafeTensorsTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-safetensors-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  private func sample() -> SafeTensorsFile {
    var rng = SplitMix64(seed: 3)
    return SafeTensorsFile(
      tensors: [
        "a/kernel": .float32(randomTensor([7, 3], &rng)),
        "scalar": .float32(Tensor(-0.5)),
        "empty": .float32(Tensor(shape: [0, 4])),
        "steps": .int64(shape: [], values: [Int64.max]),
        "z": .int64(shape: [3], values: [-1, 0, 1 << 40]),
      ],
      metadata: ["format": "test", "quote\"and\\slash": "line\nbreak é"])
  }

  func testRoundTripKeepsValuesShapesDtypesAndMetadata() throws {
    let url = directory.appendingPathComponent("w.safetensors")
    let file = sample()
    try file.write(to: url)
    XCTAssertEqual(try SafeTensorsFile(contentsOf: url), file)
    let bytes = try Data(contentsOf: url)
    let headerLength = bytes.prefix(8).enumerated().reduce(0) {
      $0 | Int($1.element) << (8 * $1.offset)
    }
    XCTAssertEqual((8 + headerLength) % 8, 0, "data must start 8-byte aligned")
    XCTAssertEqual(bytes[8], UInt8(ascii: "{"))
    // 8-byte integers come first, so they are aligned too; the data has no gaps.
    XCTAssertEqual(bytes.count, 8 + headerLength + 8 + 24 + 21 * 4 + 4)
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path)
    XCTAssertEqual(leftovers, ["w.safetensors"], "the temporary file must be renamed away")
  }

  func testWriteReplacesAnExistingFileAndFailsCleanlyInAMissingFolder() throws {
    let url = directory.appendingPathComponent("w.safetensors")
    try SafeTensorsFile(tensors: ["x": .float32(Tensor([1]))]).write(to: url)
    try sample().write(to: url)
    XCTAssertEqual(try SafeTensorsFile(contentsOf: url), sample())
    let missing = directory.appendingPathComponent("no/such/dir/w.safetensors")
    XCTAssertThrowsError(try sample().write(to: missing)) { error in
      XCTAssertTrue("\(error)".hasPrefix(missing.path), "\(error)")
    }
    XCTAssertThrowsError(try SafeTensorsFile(tensors: ["": .float32(Tensor(1))]).write(to: url))
  }

  /// Every cut of a valid file is reported as truncated, never read as something else.
  func testTruncatedFilesAreClearErrors() throws {
    let url = directory.appendingPathComponent("w.safetensors")
    try sample().write(to: url)
    let bytes = try Data(contentsOf: url)
    let cut = directory.appendingPathComponent("cut.safetensors")
    for length in [0, 5, 8, 20, bytes.count / 2, bytes.count - 1] {
      try bytes.prefix(length).write(to: cut)
      XCTAssertThrowsError(try SafeTensorsFile(contentsOf: cut), "length \(length)") { error in
        XCTAssertTrue("\(error)".contains("truncated"), "length \(length): \(error)")
        XCTAssertTrue("\(error)".hasPrefix(cut.path))
      }
    }
    XCTAssertThrowsError(
      try SafeTensorsFile(contentsOf: directory.appendingPathComponent("absent"))
    ) { XCTAssertTrue("\($0)".contains("open failed"), "\($0)") }
  }

  /// Hand-written headers: each kind of corruption gets its own message.
  func testCorruptHeadersAreClearErrors() throws {
    func check(_ header: String, data: Int, _ expected: String, line: UInt = #line) throws {
      var bytes = [UInt8]()
      var length = UInt64(header.utf8.count).littleEndian
      withUnsafeBytes(of: &length) { bytes += $0 }
      bytes += Array(header.utf8) + [UInt8](repeating: 0, count: data)
      let url = directory.appendingPathComponent("bad.safetensors")
      try Data(bytes).write(to: url)
      XCTAssertThrowsError(try SafeTensorsFile(contentsOf: url), line: line) { error in
        XCTAssertTrue("\(error)".contains(expected), "\(error)", line: line)
      }
    }
    let x = #""x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}"#
    try check("[\(x)]", data: 8, "does not start with '{'")
    try check("{\(x)", data: 8, "not valid JSON")
    try check("{\(x)}", data: 12, "4 bytes after the last tensor")
    try check(
      #"{"x":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}"#, data: 8, "F64 is not supported")
    try check(#"{"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: 8, "needs 12 bytes")
    try check(#"{"x":{"dtype":"F32","shape":[-1],"data_offsets":[0,8]}}"#, data: 8, "shape is not")
    try check(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[8]}}"#, data: 8, "data_offsets")
    try check(
      #"{"x":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: 8, "bytes 0..<4 of the data"
    )
    try check(
      #"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#,
      data: 8, "overlaps")
    try check(#"{"__metadata__":{"a":1}}"#, data: 0, "'a' is not a string")
    try check(#"{"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#, data: 4, "truncated")
    let huge = directory.appendingPathComponent("huge.safetensors")
    try Data([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0x7b]).write(to: huge)
    XCTAssertThrowsError(try SafeTensorsFile(contentsOf: huge)) {
      XCTAssertTrue("\($0)".contains("over the 100000000-byte limit"), "\($0)")
    }
  }

  func testHeaderStringsAreEscaped() {
    XCTAssertEqual(SafeTensorsHeader.quoted("a\"b\\c\u{1}é"), #""a\"b\\c\u0001é""#)
  }
}
