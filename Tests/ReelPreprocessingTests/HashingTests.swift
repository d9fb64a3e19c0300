import Foundation
import ReelPipeline
import XCTest

@testable import ReelPreprocessing

/// Unit tests for the hashing layers' arguments, errors, saved state and batch paths (the
/// values themselves are checked against TensorFlow in ``GoldenHashingTests``).
final class HashingTests: XCTestCase {
  func testKnownVectors() {
    XCTAssertEqual(
      FarmHashFingerprint64.hash(""), 0x9ae1_6a3b_2f90_404f, "farmhash k2 for no bytes")
    let paper = SipHash(key: (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908))
    XCTAssertEqual(
      paper.hash(bytes: [UInt8](0..<15)), 0xa129_ca61_49be_45e5, "SipHash-2-4 paper vector")
    let cat = FarmHashFingerprint64.cat(1, 2)
    XCTAssertNotEqual(cat, FarmHashFingerprint64.cat(2, 1), "FingerprintCat64 is ordered")
    let a = FarmHashFingerprint64.hash("a")
    let b = FarmHashFingerprint64.hash("b")
    XCTAssertNotEqual(FarmHashFingerprint64.cat(a, b), FarmHashFingerprint64.hash("ab"))
  }

  /// The values quoted in the doc comments (computed with TensorFlow 2.21 / tf-keras 2.21).
  func testDocExamples() throws {
    XCTAssertEqual(FarmHashFingerprint64.bucket("hello", 1000), 296)
    XCTAssertEqual(
      SipHash(key: (0x0706_0504_0302_0100, 0x0f0e_0d0c_0b0a_0908)).bucket("hello", 1000), 937)
    XCTAssertEqual(try Hashing(numBins: 3, maskValue: "")(["", "a", "hello"]), [0, 2, 1])
    XCTAssertEqual(try Hashing(numBins: 5, salt: 133)([Int64(42)]), [4])
    XCTAssertEqual(try Hashing(numBins: 10)(["a", "b"] as StringArray), [9, 2])
    let lists = try Hashing(numBins: 4)(FeatureColumn.int64Lists([[1, 2], []]))
    XCTAssertEqual(lists, FeatureColumn.int64Lists([[1, 3], []]))
  }

  func testDecimalTextMatchesSwift() {
    for v: Int64 in [0, 1, -1, 9, 10, -10, 123_456_789, .max, .min] {
      let text = DecimalText.withBytes(of: v) { String(decoding: $0, as: UTF8.self) }
      XCTAssertEqual(text, String(v))
    }
    let hashing = try! Hashing(numBins: 1000)
    XCTAssertEqual(try hashing([Int64.min, -7, 42]), try hashing([String(Int64.min), "-7", "42"]))
  }

  func testMaskAndSalt() throws {
    let masked = try Hashing(numBins: 3, maskValue: "")
    let bins = try masked(["", "a", "hello", ""])
    XCTAssertEqual(bins[0], 0)
    XCTAssertEqual(bins[3], 0)
    XCTAssertEqual(bins[1], 1 + Int64(FarmHashFingerprint64.hash("a") % 2))
    // One bin: Keras ignores the mask and every value lands in bin 0.
    XCTAssertEqual(try Hashing(numBins: 1, maskValue: "a")(["a", "b"]), [0, 0])
    let salted = try Hashing(numBins: 1000, salt: 7)
    XCTAssertEqual(salted.salt?.key, [7, 7])
    XCTAssertEqual(try salted(["x"]), [Int64(SipHash(signedKey: 7, 7).hash("x") % 1000)])
    XCTAssertNotEqual(try salted(["x", "y", "z"]), try Hashing(numBins: 1000)(["x", "y", "z"]))
  }

  func testHashingErrorsNameTheLayer() throws {
    XCTAssertThrowsError(try Hashing(numBins: 0)) {
      let expected = PreprocessingError.invalidArgument(layer: "Hashing", "numBins must be ≥ 1, got 0")
      XCTAssertEqual($0 as? PreprocessingError, expected)
    }
    XCTAssertThrowsError(try Hashing(numBins: 4, maskValue: 0)(["a"])) {
      XCTAssertEqual(
        $0 as? PreprocessingError,
        .invalidInput(layer: "Hashing", "mask value 0 is an integer but the input is strings"))
    }
    XCTAssertThrowsError(try Hashing(numBins: 4, maskValue: "0")([Int64(0)]))
    XCTAssertThrowsError(try Hashing(numBins: 4)(FeatureColumn.float([1]))) {
      XCTAssertTrue("\($0)".hasPrefix("Hashing: invalid input"), "\($0)")
    }
    XCTAssertThrowsError(try Hashing(numBins: 4).encode([["a"]]), "int mode has no dense encoding")
    for bad in [
      #"{"num_bins": 3, "salt": [1, 2, 3]}"#, #"{"num_bins": 3, "salt": "pepper"}"#,
      #"{"num_bins": 3, "output_mode": "tf_idf"}"#, #"{"num_bins": -1}"#, #"{}"#,
    ] {
      XCTAssertThrowsError(try JSONDecoder().decode(Hashing.self, from: Data(bad.utf8)), bad) {
        XCTAssertTrue($0 is PreprocessingError, "\(bad): \($0)")
      }
    }
  }

  func testHashingSavesAsKerasConfig() throws {
    let layers = [
      try Hashing(numBins: 10),
      try Hashing(numBins: 10, maskValue: "", salt: 5, outputMode: .count),
      try Hashing(numBins: 3, maskValue: -1, salt: .pair(-2, 9), outputMode: .oneHot),
    ]
    for layer in layers {
      let data = try JSONEncoder().encode(layer)
      XCTAssertEqual(try JSONDecoder().decode(Hashing.self, from: data), layer)
    }
    let keras = #"{"num_bins": 8, "mask_value": null, "salt": [3, 4], "output_mode": "multi_hot"}"#
    let decoded = try JSONDecoder().decode(Hashing.self, from: Data(keras.utf8))
    XCTAssertEqual(decoded, try Hashing(numBins: 8, salt: .pair(3, 4), outputMode: .multiHot))
  }

  func testColumnsKeepTheirShape() throws {
    let hashing = try Hashing(numBins: 50, maskValue: "")
    let lists = FeatureColumn.stringLists([["a", "", "日本"], [], ["é"]])
    let out = try hashing(lists)
    XCTAssertEqual(out.listOffsets, [0, 3, 3, 4])
    XCTAssertEqual(out.int64Values, try hashing(["a", "", "日本", "é"]))
    let ints = try Hashing(numBins: 50)
    XCTAssertEqual(try ints(FeatureColumn.int32([5, -5])).int64Values, try ints(["5", "-5"]))
  }

  func testHashedCrossing() throws {
    let cross = try HashedCrossing(numBins: 5)
    let f1 = FeatureColumn.string(["A", "B", "A", "B", "A"])
    let f2 = FeatureColumn.int64([101, 101, 101, 102, 102])
    XCTAssertEqual(try cross([f1, f2]), [1, 4, 1, 1, 3], "the Keras docs' example")
    let expected = FarmHashFingerprint64.cat(
      FarmHashFingerprint64.cat(HashedCrossing.hashKey, FarmHashFingerprint64.hash("A")), 101)
    XCTAssertEqual(
      try HashedCrossing(numBins: 0)([.string(["A"]), .int64([101])]),
      [Int64(expected % UInt64(Int64.max))])
    XCTAssertThrowsError(try cross([f1])) {
      XCTAssertTrue("\($0)".contains("at least two columns"), "\($0)")
    }
    XCTAssertThrowsError(try cross([f1, .int64([1])])) {
      XCTAssertTrue("\($0)".contains("rows"), "\($0)")
    }
    XCTAssertThrowsError(try cross([f1, .int64Lists([[1], [2], [3], [4], [5]])]))
    XCTAssertThrowsError(try cross([f1, .double([1, 2, 3, 4, 5])]))
    XCTAssertThrowsError(try HashedCrossing(numBins: -1))
    XCTAssertThrowsError(try HashedCrossing(numBins: 0, outputMode: .oneHot))
    XCTAssertThrowsError(try cross.encode([f1, f2]), "int mode has no dense encoding")
    let oneHot = try HashedCrossing(numBins: 5, outputMode: .oneHot)
    XCTAssertEqual(try oneHot.encode([f1, f2])[1], [0, 0, 0, 0, 1])
    let saved = try JSONEncoder().encode(oneHot)
    XCTAssertEqual(try JSONDecoder().decode(HashedCrossing.self, from: saved), oneHot)
  }

  func testStringLookupOOVBuckets() throws {
    let lookup = try StringLookup(numOOVIndices: 3, maskToken: "", vocabulary: ["a"])
    XCTAssertEqual(lookup.vocabulary, ["", "[UNK]", "[UNK]", "[UNK]", "a"])
    let unknown = ["q", "zz", "日本"]
    XCTAssertEqual(
      try lookup(["", "a"] + unknown),
      [0, 4] + unknown.map { 1 + Int64(FarmHashFingerprint64.hash($0) % 3) })
  }

  func testBatchPathsAgreeWithSingleValues() {
    let texts = (0..<300).map { i in String(repeating: "ab日", count: i % 40) + "\(i)" }
    let array = StringArray(texts)
    XCTAssertEqual(
      FarmHashFingerprint64.hashes(array), texts.map { FarmHashFingerprint64.hash($0) })
    XCTAssertEqual(
      FarmHashFingerprint64.hashes(texts),
      texts.map { FarmHashFingerprint64.hash(bytes: Array($0.utf8)) })
    let sip = SipHash(signedKey: -3, 4)
    XCTAssertEqual(sip.hashes(array), texts.map { sip.hash(bytes: $0.utf8) })
  }
}
