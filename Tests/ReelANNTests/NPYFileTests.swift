import Foundation
import ReelANN
import ReelRecommenders
import ReelTensor
import ReelTestSupport
import XCTest

/// `.npy` reading against files written by NumPy (`Fixtures/golden/make_npy.py`), writing
/// round trips, and the errors for files Reel cannot read.
final class NPYFileTests: XCTestCase {
  let folder = Golden.directory.appendingPathComponent("npy")

  /// a[i, j] = (i * cols + j) * 0.25 - 1.5, as the fixture script writes.
  func grid(_ rows: Int, _ cols: Int) -> [Float] {
    (0..<(rows * cols)).map { Float($0) * 0.25 - 1.5 }
  }

  func testReadsNumPyFloatFiles() throws {
    let f4 = try NPYFile.readMatrix(folder.appendingPathComponent("f4_3x5.npy"))
    XCTAssertEqual(f4.shape, [3, 5])
    XCTAssertEqual(f4.scalars, grid(3, 5))
    let f8 = try NPYFile.readMatrix(folder.appendingPathComponent("f8_4x3.npy"))
    XCTAssertEqual(f8.shape, [4, 3])
    XCTAssertEqual(f8.scalars, grid(4, 3))
    let v2 = try NPYFile.readMatrix(folder.appendingPathComponent("f4_v2_2x3.npy"))
    XCTAssertEqual(v2.shape, [2, 3])
    XCTAssertEqual(v2.scalars, grid(2, 3))
    let vector = try NPYFile.readMatrix(folder.appendingPathComponent("f4_vector7.npy"))
    XCTAssertEqual(vector.shape, [1, 7])
    XCTAssertEqual(vector.scalars, grid(1, 7))
  }

  func testReadsNumPyIDFiles() throws {
    XCTAssertEqual(
      try NPYFile.readIDs(folder.appendingPathComponent("i8_ids6.npy")), [-3, 7, 17, 27, 37, 47])
    XCTAssertEqual(
      try NPYFile.readIDs(folder.appendingPathComponent("i4_ids5.npy")), [-3, 7, 17, 27, 37])
  }

  func expectError(_ file: String, _ fragment: String, ids: Bool = false) {
    let url = folder.appendingPathComponent(file)
    XCTAssertThrowsError(
      try { if ids { _ = try NPYFile.readIDs(url) } else { _ = try NPYFile.readMatrix(url) } }(),
      file
    ) { error in
      let text = "\(error)"
      XCTAssert(text.contains(fragment), "\(file): \(text)")
      XCTAssert(text.contains(file), "the error names the file: \(text)")
    }
  }

  func testRejectsWhatItCannotRead() {
    expectError("f4_fortran_3x4.npy", "Fortran order")
    expectError("f2_2x2.npy", "dtype <f2 is not supported")
    expectError("f4_big_endian_2x2.npy", "dtype >f4 is not supported")
    expectError("f4_3d.npy", "expected a 2-D array, got shape [2, 3, 2]")
    expectError("f4_truncated_4x4.npy", "truncated")
    expectError("f4_3x5.npy", "dtype <f4 is not supported for integer", ids: true)
    expectError("i8_ids6.npy", "dtype <i8 is not supported for float")
  }

  func testRejectsFilesThatAreNotNPY() throws {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-npy-\(UUID().uuidString).npy")
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    try Data("hello, world".utf8).write(to: url)
    XCTAssertThrowsError(try NPYFile.readMatrix(url)) { error in
      XCTAssert("\(error)".contains("not a .npy file"), "\(error)")
    }
  }

  func testRoundTripsMatricesAndIDs() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-npy-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
    let matrix = Tensor(shape: [3, 5], scalars: grid(3, 5).map { $0 * 1.5 + 0.1 })
    let url = dir.appendingPathComponent("m.npy")
    try NPYFile.write(matrix, to: url)
    XCTAssertEqual(try NPYFile.readMatrix(url), matrix)
    // The header is NumPy's: starts with the magic and version 1.0, data aligned to 64.
    let bytes = try Data(contentsOf: url)
    XCTAssertEqual(Array(bytes.prefix(8)), [0x93] + Array("NUMPY".utf8) + [1, 0])
    XCTAssertEqual((bytes.count - 4 * 15) % 64, 0)
    // Byte-identical to NumPy's own file for the same array.
    let numpy = try Data(contentsOf: folder.appendingPathComponent("f4_3x5.npy"))
    let mine = dir.appendingPathComponent("same.npy")
    try NPYFile.write(Tensor(shape: [3, 5], scalars: grid(3, 5)), to: mine)
    XCTAssertEqual(try Data(contentsOf: mine), numpy)
    let ids: [Int64] = [5, -1, Int64.max, Int64.min, 0]
    let idURL = dir.appendingPathComponent("ids.npy")
    try NPYFile.write(int64: ids, to: idURL)
    XCTAssertEqual(try NPYFile.readIDs(idURL), ids)
    let idNumPy = try Data(contentsOf: folder.appendingPathComponent("i8_ids6.npy"))
    let idMine = dir.appendingPathComponent("ids6.npy")
    try NPYFile.write(int64: [-3, 7, 17, 27, 37, 47], to: idMine)
    XCTAssertEqual(try Data(contentsOf: idMine), idNumPy)
  }
}
