import ReelPipeline
import ReelTestSupport
import XCTest

final class FeatureBatchTests: XCTestCase {
  struct Rating: Equatable {
    var user: Int32
    var movie: Int64
    var stars: Float
    var title: String
    var genres: [Int32]
  }

  let rows = [
    Rating(user: 1, movie: 10, stars: 4.5, title: "Heat", genres: [1, 7]),
    Rating(user: 2, movie: 20, stars: 3.0, title: "Up", genres: []),
    Rating(user: 3, movie: 30, stars: 5.0, title: "Ран", genres: [3]),
  ]

  let columns: [ColumnSpec<Rating>] = [
    .int32("user") { $0.user }, .int64("movie") { $0.movie }, .float("rating") { $0.stars },
    .string("title") { $0.title }, .int32List("genres") { $0.genres },
  ]

  func testBuildsTypedColumnsFromRows() throws {
    let batch = try FeatureBatch(rows: rows, columns: columns)
    XCTAssertEqual(batch.rowCount, 3)
    XCTAssertEqual(batch.names, ["user", "movie", "rating", "title", "genres"])
    XCTAssertEqual(try batch.int32("user"), [1, 2, 3])
    XCTAssertEqual(try batch.int64("movie"), [10, 20, 30])
    XCTAssertEqual(try batch.float("rating"), [4.5, 3.0, 5.0])
    XCTAssertEqual(Array(try batch.string("title")), ["Heat", "Up", "Ран"])
    let genres = try batch.column("genres")
    XCTAssertTrue(genres.isList)
    XCTAssertEqual(genres.listOffsets, [0, 2, 2, 3])
    XCTAssertEqual(genres.int32Values, [1, 7, 3])
    XCTAssertEqual(genres.value(at: 0), .list([.int32(1), .int32(7)]))
    XCTAssertEqual(
      batch.schema.map(\.description),
      ["user: int32", "movie: int64", "rating: float", "title: string", "genres: [int32]"])
  }

  func testSliceAndConcatenateRoundTrip() throws {
    let batch = try FeatureBatch(rows: rows, columns: columns)
    let parts = [batch.slice(0..<1), batch.slice(1..<1), batch.slice(1..<3)]
    XCTAssertEqual(parts.map(\.rowCount), [1, 0, 2])
    XCTAssertEqual(try FeatureBatch.concatenate(parts), batch)
    XCTAssertEqual(try batch.slice(2..<3).column("genres").int32Values, [3])
    XCTAssertEqual(try batch.slice(2..<3).column("genres").listOffsets, [0, 1])
    XCTAssertEqual(Array(try batch.slice(1..<3).string("title")), ["Up", "Ран"])
  }

  func testCopyOnWrite() throws {
    let original = try FeatureBatch(["x": .int32([1, 2])])
    var copy = original
    try copy.set("x", .int32([9, 9]))
    XCTAssertEqual(try original.int32("x"), [1, 2])
    XCTAssertEqual(try copy.int32("x"), [9, 9])
  }

  func testClearErrors() throws {
    var batch = try FeatureBatch(["x": .int32([1, 2])])
    XCTAssertThrowsError(try batch.add("y", .float([1]))) {
      XCTAssertEqual(
        $0 as? FeatureBatchError, .rowCountMismatch(column: "y", expected: 2, actual: 1))
    }
    XCTAssertThrowsError(try batch.add("x", .int32([1, 2]))) {
      XCTAssertEqual($0 as? FeatureBatchError, .duplicateColumn("x"))
    }
    XCTAssertThrowsError(try batch.float("x")) {
      XCTAssertTrue("\($0)".contains("'x' is x: int32"))
    }
    XCTAssertThrowsError(try batch.column("z")) {
      XCTAssertEqual($0 as? FeatureBatchError, .missingColumn("z", available: ["x"]))
    }
    let other = try FeatureBatch(["x": .float([1])])
    XCTAssertThrowsError(try FeatureBatch.concatenate([batch, other]))
    XCTAssertNil(FeatureColumn(lists: .int32([1, 2]), offsets: [0, 3]))
    XCTAssertNil(StringArray(bytes: [65], offsets: [0, 2]))
  }

  func testDatasetBatchingIntoColumnsResumes() throws {
    let ds = Datasets.from(rows).repeat(5).shuffle(bufferSize: 4, seed: 1).batch(
      size: 4, columns: columns)
    let batches = try ds.collect()
    XCTAssertEqual(batches.map(\.rowCount), [4, 4, 4, 3])
    XCTAssertEqual(
      try FeatureBatch.concatenate(batches).int32("user").sorted(),
      [1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3])
    try assertExactResume(ds)
  }
}
