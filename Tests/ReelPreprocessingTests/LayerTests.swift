import Foundation
import ReelPipeline
import XCTest

@testable import ReelPreprocessing

final class LayerTests: XCTestCase {
  func testStringLookupAdaptOrderAndIndexLayout() throws {
    var lookup = try StringLookup()
    try lookup.adapt(Datasets.from(["b", "a", "c", "a", "b", "d", "[UNK]"]))
    // Count descending; ties (a, b: 2 each; c, d: 1 each) by token descending.
    XCTAssertEqual(lookup.vocabulary, ["[UNK]", "b", "a", "d", "c"])
    XCTAssertEqual(try lookup(["a", "zzz", "b", "c"]), [2, 0, 1, 4])
    var masked = try StringLookup(maskToken: "", vocabulary: ["x", "y"])
    XCTAssertEqual(masked.vocabulary, ["", "[UNK]", "x", "y"])
    XCTAssertEqual(try masked(["", "y", "q"]), [0, 3, 1])
    masked.invert = true
    XCTAssertEqual(masked.tokens(for: [3, 1, 0, 99, -1]), ["y", "[UNK]", "", "[UNK]", "[UNK]"])
    var capped = try StringLookup(maxTokens: 3)
    try capped.adapt(Datasets.from(["a", "a", "b", "b", "c"]))
    XCTAssertEqual(capped.vocabulary, ["[UNK]", "b", "a"])
  }

  func testLookupErrorsAndIntegerOOVBuckets() throws {
    XCTAssertThrowsError(try StringLookup(maxTokens: 1))
    var full = try StringLookup(maxTokens: 2, maskToken: "")
    XCTAssertThrowsError(try full.adapt(Datasets.from(["a"])), "no room for tokens")
    XCTAssertThrowsError(try StringLookup(vocabulary: ["a", "a"]))
    let strict = try StringLookup(numOOVIndices: 0, vocabulary: ["a"])
    XCTAssertThrowsError(try strict(["b"])) {
      guard case PreprocessingError.invalidInput = $0 else { return XCTFail("\($0)") }
    }
    let ints = try IntegerLookup(numOOVIndices: 3, maskToken: 0, vocabulary: [10, 20])
    XCTAssertEqual(ints.vocabulary, [0, -1, -1, -1, 10, 20])
    XCTAssertEqual(try ints([0, 10, 20, 7, -7]), [0, 4, 5, 1 + 1, 1 + 2], "floormod(7,3)=1, floormod(-7,3)=2")
    var empty = try IntegerLookup()
    XCTAssertThrowsError(try empty.adapt(Datasets.from([Int64]()))) {
      XCTAssertEqual($0 as? PreprocessingError, .notAdapted(layer: "IntegerLookup"))
    }
  }

  func testMultiHotCountAndOneHot() throws {
    let lookup = try StringLookup(maskToken: "", vocabulary: ["a", "b"])
    XCTAssertEqual(try lookup.encode([["a", "b", "a", ""]], mode: .count), [[0, 2, 1]])
    XCTAssertEqual(try lookup.encode([["a", "q"]], mode: .multiHot), [[1, 1, 0]])
    XCTAssertEqual(try lookup.encode([["b"]], mode: .oneHot), [[0, 0, 1]])
  }

  func testAdaptStateIsMergeableAndSavesAsJSON() throws {
    var a = StringLookup.Counts()
    a.add(["x", "y", "x"])
    var b = StringLookup.Counts()
    b.add(["y", "y", "z"])
    a.merge(b)
    var merged = try StringLookup()
    try merged.finalize(a)
    var single = try StringLookup()
    try single.adapt(Datasets.from(["x", "y", "x", "y", "y", "z"]))
    XCTAssertEqual(merged, single)
    let saved = try JSONEncoder().encode(single)
    XCTAssertEqual(try JSONDecoder().decode(StringLookup.self, from: saved), single)
  }

  func testNormalizationStreamingEqualsOnePassAndInverts() throws {
    let rows: [[Float]] = (0..<1000).map { i in [Float(i % 17) * 3 - 5, Float(i) * 0.01, 4] }
    var streamed = Normalization(features: 3)
    try streamed.adapt(Datasets.from(rows), batchSize: 33)
    let n = Double(rows.count)
    for j in 0..<3 {
      let mean = rows.reduce(0) { $0 + Double($1[j]) } / n
      let variance = rows.reduce(0) { $0 + (Double($1[j]) - mean) * (Double($1[j]) - mean) } / n
      XCTAssertEqual(streamed.mean[j], mean, accuracy: 1e-9)
      XCTAssertEqual(streamed.variance[j], variance, accuracy: 1e-9)
    }
    var parts = Normalization(features: 3)
    try parts.update(Array(rows[..<400]))
    var other = Normalization(features: 3)
    try other.update(Array(rows[400...]))
    try parts.merge(other)
    XCTAssertEqual(parts.mean[0], streamed.mean[0], accuracy: 1e-9)
    let out = try streamed(rows)
    XCTAssertEqual(out[5][2], 0, "constant column: (x - mean) / max(0, 1e-7)")
    var inverse = streamed
    inverse.invert = true
    let back = try inverse(out)
    for (a, b) in zip(back.joined(), rows.joined()) { XCTAssertEqual(a, b, accuracy: 1e-3) }
    var unadapted = Normalization(features: 1)
    XCTAssertThrowsError(try unadapted.adapt(Datasets.from([[Float]]())))
    var bad = Normalization(features: 1)
    XCTAssertThrowsError(try bad.update([[.nan]]))
  }

  func testDiscretizationIsLeftClosed() throws {
    let bins = try Discretization(binBoundaries: [0, 1, 2])
    XCTAssertEqual(try bins([-1, 0, 0.5, 1, 2, 7]), [0, 1, 1, 2, 3, 3])
    XCTAssertEqual(bins.binCount, 4)
    XCTAssertThrowsError(try bins([.nan]))
    XCTAssertThrowsError(try Discretization(binBoundaries: [2, 1]))
  }
}
