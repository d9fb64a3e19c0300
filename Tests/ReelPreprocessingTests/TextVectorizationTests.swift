import Foundation
import ReelPipeline
import XCTest

@testable import ReelPreprocessing

final class TextVectorizationTests: XCTestCase {
  /// Requires `body` to throw `PreprocessingError.invalidArgument` for `layer` with a message
  /// containing `reason`.
  func assertInvalidArgument<T>(
    _ layer: String, _ reason: String, file: StaticString = #filePath, line: UInt = #line,
    _ body: () throws -> T
  ) {
    XCTAssertThrowsError(try body(), file: file, line: line) { error in
      guard case PreprocessingError.invalidArgument(let name, let message) = error else {
        return XCTFail("expected invalidArgument, got \(error)", file: file, line: line)
      }
      XCTAssertEqual(name, layer, file: file, line: line)
      XCTAssertTrue(
        message.contains(reason), "'\(message)' does not mention '\(reason)'", file: file,
        line: line)
    }
  }

  func testConstructionErrorsNameTheLayerAndTheReason() {
    let tv = "TextVectorization"
    assertInvalidArgument(tv, "one_hot") { try TextVectorization(outputMode: .oneHot) }
    assertInvalidArgument(tv, "outputSequenceLength needs output mode int") {
      try TextVectorization(outputMode: .multiHot, outputSequenceLength: 3)
    }
    assertInvalidArgument(tv, "≥ 0") { try TextVectorization(outputSequenceLength: -1) }
    assertInvalidArgument(tv, "n-gram sizes") { try TextVectorization(ngrams: 0) }
    assertInvalidArgument(tv, "n-gram sizes") { try TextVectorization(ngrams: [1, -2]) }
    assertInvalidArgument(tv, "n-gram sizes") { try TextVectorization(ngrams: .init(sizes: [])) }
    assertInvalidArgument(tv, "greater than 1") { try TextVectorization(maxTokens: 1) }
    assertInvalidArgument(tv, "padToMaxTokens needs maxTokens") {
      try TextVectorization(padToMaxTokens: true)
    }
    assertInvalidArgument(tv, "only for output mode tf_idf") {
      try TextVectorization(vocabulary: ["a"], idfWeights: [1])
    }
    assertInvalidArgument(tv, "need a vocabulary") {
      try TextVectorization(outputMode: .tfIDF, idfWeights: [1])
    }
    assertInvalidArgument(tv, "needs idfWeights") {
      try TextVectorization(outputMode: .tfIDF, vocabulary: ["a"])
    }
    assertInvalidArgument(tv, "one weight per vocabulary entry") {
      try TextVectorization(outputMode: .tfIDF, vocabulary: ["a", "b"], idfWeights: [1])
    }
    assertInvalidArgument(tv, "finite") {
      try TextVectorization(outputMode: .tfIDF, vocabulary: ["a"], idfWeights: [.nan])
    }
    assertInvalidArgument(tv, "empty") { try TextVectorization(vocabulary: []) }
    assertInvalidArgument(tv, "duplicate") { try TextVectorization(vocabulary: ["a", "b", "a"]) }
    assertInvalidArgument(tv, "padding token") { try TextVectorization(vocabulary: ["a", ""]) }
    assertInvalidArgument(tv, "no tokens besides") {
      try TextVectorization(vocabulary: ["", "[UNK]"])
    }
    assertInvalidArgument(tv, "exceeds maxTokens 4") {
      try TextVectorization(maxTokens: 4, vocabulary: ["a", "b", "c"])
    }
  }

  func testUseAndAdaptErrors() throws {
    let unadapted = try TextVectorization()
    XCTAssertThrowsError(try unadapted(["a"])) {
      XCTAssertEqual($0 as? PreprocessingError, .notAdapted(layer: "TextVectorization"))
    }
    XCTAssertEqual(unadapted.vocabulary, ["", "[UNK]"], "as Keras before adapt")
    assertInvalidArgument("TextVectorization", "use encode(_:)") {
      try TextVectorization(outputMode: .count, vocabulary: ["a"])(["a"])
    }
    assertInvalidArgument("TextVectorization", "non-int") {
      try TextVectorization(vocabulary: ["a"]).encode(["a"])
    }
    var layer = try TextVectorization()
    XCTAssertThrowsError(try layer.adapt(Datasets.from(["", "  ", "?!"]))) {
      XCTAssertEqual($0 as? PreprocessingError, .notAdapted(layer: "TextVectorization"))
    }
    var tight = try TextVectorization(maxTokens: 2)
    assertInvalidArgument("TextVectorization", "leaves no room") {
      try tight.adapt(Datasets.from(["a b"]))
    }
    var onlyUnknown = try TextVectorization(standardize: .none)
    XCTAssertThrowsError(try onlyUnknown.adapt(Datasets.from(["[UNK]"]))) {
      guard case PreprocessingError.invalidInput("TextVectorization", _) = $0 else {
        return XCTFail("\($0)")
      }
    }
  }

  func testLayoutPaddingTruncationAndNonIntModes() throws {
    var layer = try TextVectorization(maxTokens: 5, outputSequenceLength: 3)
    try layer.adapt(Datasets.from(["b a b", "c a b", "d"]))
    // counts b 3, a 2, c 1, d 1 → ties c, d by bytes descending → d first; 5 - 2 slots = 3 tokens
    XCTAssertEqual(layer.vocabulary, ["", "[UNK]", "b", "a", "d"])
    XCTAssertEqual(try layer(["a b c d", "", "B"]), [[3, 2, 1], [0, 0, 0], [2, 0, 0]])
    var counting = try TextVectorization(maxTokens: 5, outputMode: .count, padToMaxTokens: true)
    try counting.adapt(Datasets.from(["b a b", "c a b", "d"]))
    XCTAssertEqual(
      counting.vocabulary, ["[UNK]", "b", "a", "d", "c"], "no padding slot outside int mode")
    XCTAssertEqual(try counting.encode(["a a zz", ""]), [[1, 0, 2, 0, 0], [0, 0, 0, 0, 0]])
    let idf = try TextVectorization(
      outputMode: .tfIDF, vocabulary: ["a", "b"], idfWeights: [0.5, 2])
    XCTAssertEqual(idf.idfWeights, [1.25, 0.5, 2])
    XCTAssertEqual(try idf.encode(["a b a zz"]), [[1.25, 1.0, 2.0]])
  }

  func testTokensCompareByBytesNotByUnicodeEquivalence() throws {
    let composed = "caf\u{E9}"
    let decomposed = "cafe\u{301}"
    XCTAssertEqual(composed, decomposed, "Swift String equality is canonical equivalence")
    var layer = try TextVectorization(standardize: .none)
    try layer.adapt(Datasets.from(["\(composed) \(composed) \(decomposed)"]))
    XCTAssertEqual(layer.vocabularySize, 4, "two distinct tokens, as in Keras")
    XCTAssertTrue(layer.vocabulary[2].utf8.elementsEqual(composed.utf8))
    XCTAssertTrue(layer.vocabulary[3].utf8.elementsEqual(decomposed.utf8))
    XCTAssertEqual(try layer([decomposed, composed]), [[3], [2]])
    XCTAssertEqual(
      try TextVectorization(split: .character).tokenize(decomposed),
      ["c", "a", "f", "e", "\u{301}"])
  }

  func testCustomStandardizeAndSplitRunButCannotBeSaved() throws {
    var layer = try TextVectorization(
      standardize: .custom { $0.uppercased() },
      split: .custom { $0.split(separator: "|").map(String.init) },
      ngrams: 2)
    XCTAssertEqual(layer.tokenize("a|b c|d"), ["A", "B C", "D", "A B C", "B C D"])
    try layer.adapt(Datasets.from(["x|y", "y"]))
    XCTAssertEqual(layer.vocabulary, ["", "[UNK]", "Y", "X Y", "X"])
    assertInvalidArgument("TextVectorization", "custom standardize") {
      try JSONEncoder().encode(layer)
    }
    let customSplit = try TextVectorization(split: .custom { [$0] }, vocabulary: ["a"])
    assertInvalidArgument("TextVectorization", "custom split") {
      try JSONEncoder().encode(customSplit)
    }
  }

  func testJSONStateRoundTripsAndIsCheckedOnLoad() throws {
    var layer = try TextVectorization(
      maxTokens: 6, ngrams: [1, 2], outputMode: .tfIDF, padToMaxTokens: true)
    try layer.adapt(Datasets.from(["Toy Story (1995)", "Toy Story 2 (1999)", "Jumanji (1995)"]))
    let data = try JSONEncoder().encode(layer)
    let loaded = try JSONDecoder().decode(TextVectorization.self, from: data)
    XCTAssertEqual(loaded.vocabulary, layer.vocabulary)
    XCTAssertEqual(loaded.idfWeights, layer.idfWeights)
    XCTAssertEqual(loaded.ngrams, [1, 2])
    let probe = ["toy story 1995", "jumanji zz", ""]
    XCTAssertEqual(try loaded.encode(probe), try layer.encode(probe))
    let unadapted = try JSONDecoder().decode(
      TextVectorization.self, from: try JSONEncoder().encode(try TextVectorization()))
    XCTAssertEqual(unadapted.vocabulary, ["", "[UNK]"], "as Keras before adapt")

    func tampered(_ edit: (inout [String: Any]) -> Void) throws -> Data {
      var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
      edit(&object)
      return try JSONSerialization.data(withJSONObject: object)
    }
    func assertInvalidState(_ data: Data, _ reason: String, line: UInt = #line) {
      XCTAssertThrowsError(try JSONDecoder().decode(TextVectorization.self, from: data), line: line)
      { error in
        guard case PreprocessingError.invalidState("TextVectorization", let message) = error else {
          return XCTFail("expected invalidState, got \(error)", line: line)
        }
        XCTAssertTrue(
          message.contains(reason), "'\(message)' does not mention '\(reason)'", line: line)
      }
    }
    assertInvalidState(try tampered { $0["standardize"] = "lowercase" }, "unknown standardize")
    assertInvalidState(try tampered { $0["split"] = "words" }, "unknown split")
    assertInvalidState(try tampered { $0["idfWeights"] = [1.0] }, "idf weight")
    assertInvalidState(try tampered { $0["vocabulary"] = ["[UNK]", "toy", "toy"] }, "idf weight")
    assertInvalidState(
      try tampered {
        $0["vocabulary"] = ["[UNK]", "toy", "toy"]
        $0["idfWeights"] = [1.0, 1.0, 1.0]
      }, "duplicate")
    assertInvalidState(try tampered { $0["maxTokens"] = 3 }, "exceeds maxTokens")
    assertInvalidState(try tampered { $0["ngrams"] = [0] }, "n-gram sizes")
  }

  func testCountsMergeAndJSONState() throws {
    let layer = try TextVectorization()
    var a = try layer.counts(Datasets.from(["a b a", "c"]))
    let b = try layer.counts(Datasets.from(["b b", "a d"]))
    a.merge(b)
    XCTAssertEqual(a.documentCount, 4)
    XCTAssertEqual(a.count(of: "a"), 3)
    XCTAssertEqual(a.documentFrequency(of: "a"), 2)
    XCTAssertEqual(a.documentFrequency(of: "b"), 2)
    XCTAssertEqual(a.distinctTokens, 4)
    var manual = TextVectorization.Counts()
    layer.accumulate(["a b a", "c", "b b", "a d"], into: &manual)
    XCTAssertEqual(manual, a)
    let decoded = try JSONDecoder().decode(
      TextVectorization.Counts.self, from: try JSONEncoder().encode(a))
    XCTAssertEqual(decoded, a)
    let bad = #"{"tokens":["a","b"],"counts":[1,2],"documentFrequencies":[1,3],"documentCount":3}"#
    XCTAssertThrowsError(
      try JSONDecoder().decode(TextVectorization.Counts.self, from: Data(bad.utf8))
    ) {
      guard case PreprocessingError.invalidState = $0 else { return XCTFail("\($0)") }
    }
    let duplicate =
      #"{"tokens":["a","a"],"counts":[1,1],"documentFrequencies":[1,1],"documentCount":2}"#
    XCTAssertThrowsError(
      try JSONDecoder().decode(TextVectorization.Counts.self, from: Data(duplicate.utf8)))
  }

  func testLookupTfIdfStateErrorsAndJSON() throws {
    assertInvalidArgument("StringLookup", "invert needs output mode int") {
      try StringLookup(invert: true, outputMode: .tfIDF)
    }
    assertInvalidArgument("IntegerLookup", "padToMaxTokens needs maxTokens") {
      try IntegerLookup(outputMode: .count, padToMaxTokens: true)
    }
    assertInvalidArgument("StringLookup", "with invert the OOV token") {
      try StringLookup(vocabulary: ["a", "[UNK]"], invert: true)
    }
    XCTAssertEqual(
      try StringLookup(vocabulary: ["[UNK]", "a"]).vocabulary, ["[UNK]", "a"],
      "recognised as the OOV slot")
    var counted = try StringLookup(outputMode: .tfIDF)
    var tokensOnly = StringLookup.Counts()
    tokensOnly.add(["a", "b"])
    XCTAssertThrowsError(try counted.finalize(tokensOnly)) {
      guard case PreprocessingError.invalidInput("StringLookup", let message) = $0 else {
        return XCTFail("\($0)")
      }
      XCTAssertTrue(message.contains("addDocument"))
    }
    assertInvalidArgument("StringLookup", "use encode(_:)") {
      try StringLookup(vocabulary: ["a"], outputMode: .count)(["a"])
    }
    assertInvalidArgument("StringLookup", "non-int") {
      try StringLookup(vocabulary: ["a"]).encode([["a"]])
    }

    var lookup = try IntegerLookup(numOOVIndices: 2, maskToken: 0, outputMode: .tfIDF)
    try lookup.adapt(documents: Datasets.from([[5, 3, 3], [7, 5, 0]]))
    let data = try JSONEncoder().encode(lookup)
    let loaded = try JSONDecoder().decode(IntegerLookup.self, from: data)
    XCTAssertEqual(loaded, lookup)
    XCTAssertEqual(try loaded.encode([[3, 9, 0]]), try lookup.encode([[3, 9, 0]]))
    var object = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    object["idfWeights"] = [1.0]
    XCTAssertThrowsError(
      try JSONDecoder().decode(
        IntegerLookup.self, from: try JSONSerialization.data(withJSONObject: object))
    ) {
      guard case PreprocessingError.invalidState("IntegerLookup", _) = $0 else {
        return XCTFail("\($0)")
      }
    }
    // State saved before output modes existed (with its `index` table) still loads, as int.
    let old =
      #"{"layerName":"StringLookup","numOOVIndices":1,"oovToken":"[UNK]","invert":false,"tokens":["b","a"],"index":{"b":1,"a":2}}"#
    let legacy = try JSONDecoder().decode(StringLookup.self, from: Data(old.utf8))
    XCTAssertEqual(try legacy(["a", "q"]), [2, 0])
  }

  /// The examples in the doc comments, as written there.
  func testDocumentationExamples() throws {
    var vectorize = try TextVectorization(maxTokens: 10, outputSequenceLength: 4)
    try vectorize.adapt(Datasets.from(["The cat sat.", "The dog!"]))
    XCTAssertEqual(vectorize.vocabulary, ["", "[UNK]", "the", "sat", "dog", "cat"])
    XCTAssertEqual(vectorize.tokens, ["the", "sat", "dog", "cat"])
    XCTAssertEqual(try vectorize(["the CAT ran"]), [[2, 5, 1, 0]])
    XCTAssertEqual(
      try TextVectorization(ngrams: 2).tokenize("Toy Story (1995)"),
      ["toy", "story", "1995", "toy story", "story 1995"])
    XCTAssertEqual(
      try TextVectorization(standardize: .lowerAndStripPunctuation, split: .none).tokenize(
        "Léon: THE (1994)!"),
      ["léon the 1994"])
    XCTAssertEqual(TextVectorization.Split.whitespace.name, "whitespace")
    XCTAssertEqual(
      try TextVectorization(split: .whitespace).tokenize("a\tb  c\u{00A0}d"),
      ["a", "b", "c\u{00A0}d"])
    XCTAssertEqual(try TextVectorization(split: .character).tokenize("né"), ["n", "é"])
    XCTAssertEqual(
      try TextVectorization(split: .whitespace, ngrams: [1, 3]).tokenize("a b c"),
      ["a", "b", "c", "a b c"])
    var multiHot = try TextVectorization(outputMode: .multiHot)
    try multiHot.adapt(Datasets.from(["a b", "b c"]))
    XCTAssertEqual(multiHot.vocabulary, ["[UNK]", "b", "c", "a"])
    let layer = try TextVectorization()
    var a = try layer.counts(Datasets.from(["a b a"]))
    a.merge(try layer.counts(Datasets.from(["b c"])))
    XCTAssertEqual([a.count(of: "a"), a.documentFrequency(of: "b"), a.documentCount], [2, 2, 2])

    var lookup = try StringLookup(outputMode: .tfIDF)
    try lookup.adapt(documents: Datasets.from([["a", "b", "a"], ["b"]]))
    XCTAssertEqual(lookup.vocabulary, ["[UNK]", "b", "a"])
    let idf = try XCTUnwrap(lookup.idfWeights)
    XCTAssertEqual(idf[1], Float(log(1 + 2.0 / 3)), accuracy: 1e-7)
    XCTAssertEqual(idf[2], Float(log(2.0)), accuracy: 1e-7)
    XCTAssertEqual(idf[0], (idf[1] + idf[2]) / 2, accuracy: 1e-7)
    let given = try StringLookup(vocabulary: ["a", "b"], idfWeights: [0.5, 2], outputMode: .tfIDF)
    XCTAssertEqual(try given.encode([["a", "a", "zz"]]), [[1.25, 1.0, 0.0]])
    var counts = StringLookup.Counts()
    counts.addDocument(["x", "y", "x"])
    var other = StringLookup.Counts()
    other.addDocument(["y"])
    counts.merge(other)
    XCTAssertEqual(counts.counts, ["x": 2, "y": 2])
    XCTAssertEqual(counts.documentFrequencies, ["x": 1, "y": 2])
    XCTAssertEqual(counts.documentCount, 2)
    XCTAssertEqual(LookupOutputMode(rawValue: "tf_idf"), .tfIDF)
  }
}
