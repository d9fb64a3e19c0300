import Foundation
import ReelANN
import ReelRecommenders
import ReelTensor
import XCTest

/// Saving and loading: identical results after a round trip, clear errors for damaged files.
final class ScaNNIndexFileTests: XCTestCase {
  func temporaryURL() -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-scann-\(UUID().uuidString).index")
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }

  static let data = ClusteredVectors(
    count: 3_000, queries: 20, dimension: 10, centres: 30, noise: 0.5, seed: 5)

  func testRoundTripGivesIdenticalResults() throws {
    let ids = (0..<3_000).map { Int64($0) * 7 - 11 }
    var index = try ScaNNIndex(
      candidates: ScaNNIndexFileTests.data.items, ids: ids,
      configuration: .init(leaves: 40, anisotropicThreshold: 3, quantizerIterations: 2))
    index.leavesToSearch = 7
    index.reorder = 12
    let url = temporaryURL()
    try index.save(to: url)
    let loaded = try ScaNNIndex(contentsOf: url)
    XCTAssertEqual(loaded.count, 3_000)
    XCTAssertEqual(loaded.dimension, 10)
    XCTAssertEqual(loaded.leafCount, 40)
    XCTAssertEqual(loaded.leavesToSearch, 7)
    XCTAssertEqual(loaded.reorder, 12)
    XCTAssertEqual(loaded.anisotropicThreshold, 3)
    // The index keeps its vectors once, in leaf order; `candidates` gives them back in row
    // order, bit for bit, before and after the round trip.
    XCTAssertEqual(index.candidates.scalars, ScaNNIndexFileTests.data.items.scalars)
    XCTAssertEqual(loaded.candidates.scalars, ScaNNIndexFileTests.data.items.scalars)
    XCTAssertEqual(loaded.ids, ids)
    let queries = ScaNNIndexFileTests.data.queries
    let exclusions = (0..<20).map { [ids[$0], ids[$0 + 100]] }
    let a = try index.query(queries, k: 10, exclusions: exclusions)
    let b = try loaded.query(queries, k: 10, exclusions: exclusions)
    XCTAssertEqual(a.ids, b.ids)
    XCTAssertEqual(a.rows, b.rows)
    XCTAssertEqual(a.scores, b.scores)
    // Saving the loaded index writes the same bytes.
    let again = temporaryURL()
    try loaded.save(to: again)
    XCTAssertEqual(try Data(contentsOf: url), try Data(contentsOf: again))
  }

  func testDamagedFilesAreRejected() throws {
    let index = try ScaNNIndex(
      candidates: ScaNNIndexFileTests.data.items.rows(0..<500), configuration: .init(leaves: 8))
    let url = temporaryURL()
    try index.save(to: url)
    let good = try Data(contentsOf: url)
    func expect(_ bytes: Data, _ fragment: String) throws {
      let bad = temporaryURL()
      try bytes.write(to: bad)
      XCTAssertThrowsError(try ScaNNIndex(contentsOf: bad)) { error in
        XCTAssert("\(error)".contains(fragment), "\(error)")
        XCTAssert("\(error)".contains(bad.path), "names the file: \(error)")
      }
    }
    var flipped = good
    flipped[good.count / 2] ^= 0x10
    try expect(flipped, "checksum mismatch")
    try expect(good.prefix(good.count - 100), "checksum mismatch")
    try expect(good.prefix(40), "shorter than a header")
    var magic = good
    magic[0] = UInt8(ascii: "X")
    try expect(magic, "bad magic")
    var version = good
    version[8] = 9
    try expect(version, "format version 9 is not supported")
    // A BruteForce file is not a ScaNNIndex file.
    let brute = temporaryURL()
    try BruteForce(candidates: ScaNNIndexFileTests.data.items.rows(0..<50)).save(to: brute)
    try expect(try Data(contentsOf: brute), "not a ScaNNIndex file")
  }
}
