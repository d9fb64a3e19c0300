import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelPreprocessing

/// TextVectorization and the lookup layers' tf_idf / pad_to_max_tokens modes against Keras's
/// real outputs (Fixtures/golden/preprocessing_text.json, written by
/// Fixtures/golden/make_preprocessing_text.py).
final class GoldenTextTests: XCTestCase {
  /// Keras computes idf weights and their mean in float32 (`tf.reduce_mean`); Reel sums in
  /// double, so the mean, and tf_idf outputs using it, may differ in the last bits.
  static let idfTolerance: Float = 2e-6

  static let root: [String: JSONValue] = {
    guard
      let data = try? Data(
        contentsOf: Golden.directory.appendingPathComponent("preprocessing_text.json")),
      case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: data)
    else { return [:] }
    return root
  }()

  func cases(_ op: String) throws -> [[String: JSONValue]] {
    guard case .array(let cases)? = Self.root["cases"] else {
      throw TestFailure("preprocessing_text.json: no cases")
    }
    let found = cases.compactMap { value -> [String: JSONValue]? in
      guard case .object(let c) = value, c["op"]?.stringValue == op else { return nil }
      return c
    }
    XCTAssertFalse(found.isEmpty, "no \(op) cases")
    return found
  }

  func params(_ c: [String: JSONValue]) -> [String: JSONValue] {
    if case .object(let p)? = c["params"] { return p }
    return [:]
  }

  func floats(_ v: JSONValue?) -> [Float]? {
    guard let array = v?.arrayValue else { return nil }
    let values = array.compactMap { x -> Float? in
      switch x {
      case .double(let d): return Float(d)
      case .int(let i): return Float(i)
      case .uint(let u): return Float(u)
      default: return nil
      }
    }
    return values.count == array.count ? values : nil
  }

  func strings(_ v: JSONValue?) -> [String]? { v?.arrayValue?.compactMap(\.stringValue) }

  /// Compares float rows; reports only the first difference (never whole rows).
  func assertClose(
    _ got: [[Float]], _ want: [[Float]], _ name: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    guard got.count == want.count else {
      return XCTFail("\(name): \(got.count) rows, Keras \(want.count)", file: file, line: line)
    }
    for (r, (a, b)) in zip(got, want).enumerated() {
      guard a.count == b.count else {
        return XCTFail(
          "\(name): row \(r) has \(a.count) columns, Keras \(b.count)", file: file, line: line)
      }
      for (k, (x, y)) in zip(a, b).enumerated()
      where abs(x - y) > Self.idfTolerance * max(1, abs(y)) {
        return XCTFail("\(name): row \(r) column \(k): \(x), Keras \(y)", file: file, line: line)
      }
    }
  }

  /// Runs `body`; for a case Keras rejected (`"error"`), requires that Reel throws too.
  func check(_ c: [String: JSONValue], _ body: () throws -> Void) {
    let name = c["name"]?.stringValue ?? "?"
    if let error = c["error"]?.stringValue {
      XCTAssertThrowsError(
        try body(), "\(name): Keras raised \(error) at \(c["error_stage"]?.stringValue ?? "?")")
    } else {
      XCTAssertNoThrow(try body(), name)
    }
  }

  // MARK: - lookups

  func testStringLookupTfIdfAndPadding() throws {
    let cases = try cases("string_lookup")
    for c in cases {
      check(c) {
        let p = params(c)
        var layer = try StringLookup(
          maxTokens: p["max_tokens"]?.intValue, numOOVIndices: p["num_oov_indices"]?.intValue ?? 1,
          maskToken: p["mask_token"]?.stringValue, oovToken: p["oov_token"]?.stringValue ?? "[UNK]",
          vocabulary: strings(p["vocabulary"]), idfWeights: floats(p["idf_weights"]),
          outputMode: try XCTUnwrap(
            LookupOutputMode(rawValue: p["output_mode"]?.stringValue ?? "")),
          padToMaxTokens: p["pad_to_max_tokens"]?.boolValue ?? false)
        if let documents = c["adapt_documents"]?.arrayValue?.map({ strings($0) ?? [] }) {
          try layer.adapt(documents: Datasets.from(documents))
        }
        if let tokens = strings(c["adapt"]) { try layer.adapt(Datasets.from(tokens)) }
        let rows = c["input"]?.arrayValue?.map { strings($0) ?? [] } ?? []
        try checkLookup(
          layer, rows: rows, c, vocabulary: layer.vocabulary == strings(c["vocabulary_out"]))
      }
    }
  }

  func testIntegerLookupTfIdfAndPadding() throws {
    for c in try cases("integer_lookup") {
      check(c) {
        let p = params(c)
        var layer = try IntegerLookup(
          maxTokens: p["max_tokens"]?.intValue, numOOVIndices: p["num_oov_indices"]?.intValue ?? 1,
          maskToken: p["mask_token"]?.intValue.map(Int64.init),
          oovToken: Int64(p["oov_token"]?.intValue ?? -1),
          vocabulary: p["vocabulary"]?.intArray?.map(Int64.init),
          idfWeights: floats(p["idf_weights"]),
          outputMode: try XCTUnwrap(
            LookupOutputMode(rawValue: p["output_mode"]?.stringValue ?? "")),
          padToMaxTokens: p["pad_to_max_tokens"]?.boolValue ?? false)
        if let documents = c["adapt_documents"]?.intArrays {
          try layer.adapt(documents: Datasets.from(documents.map { $0.map(Int64.init) }))
        }
        if let tokens = c["adapt"]?.intArray {
          try layer.adapt(Datasets.from(tokens.map(Int64.init)))
        }
        let rows = (c["input"]?.intArrays ?? []).map { $0.map(Int64.init) }
        try checkLookup(
          layer, rows: rows, c,
          vocabulary: layer.vocabulary.map(Int.init) == c["vocabulary_out"]?.intArray)
      }
    }
  }

  func checkLookup<Token>(
    _ layer: IndexLookup<Token>, rows: [[Token]], _ c: [String: JSONValue], vocabulary: Bool
  ) throws {
    let name = c["name"]?.stringValue ?? "?"
    XCTAssertTrue(vocabulary, "\(name): vocabulary")
    XCTAssertEqual(layer.vocabularySize, c["vocabulary_size"]?.intValue, "\(name): vocabulary size")
    if let want = floats(c["idf_weights_out"]) {
      // Keras's variable carries zeros up to maxTokens with padToMaxTokens.
      let got = try XCTUnwrap(layer.idfWeights, name)
      let padded = got + Array(repeating: 0, count: max(0, want.count - got.count))
      assertClose([padded], [want], "\(name) idf")
    }
    if layer.outputMode == .int {
      XCTAssertEqual(try rows.map { try layer($0).map(Int.init) }, c["output"]?.intArrays, name)
    } else {
      let want = try XCTUnwrap(c["output"]?.arrayValue?.map { floats($0) ?? [] }, name)
      assertClose(try layer.encode(rows), want, name)
    }
  }

  // MARK: - TextVectorization

  func makeLayer(_ p: [String: JSONValue]) throws -> TextVectorization {
    let standardizeName = p["standardize"]?.stringValue ?? "none"
    let splitName = p["split"]?.stringValue ?? "none"
    var ngrams: TextVectorization.NGrams?
    if let n = p["ngrams"]?.intValue { ngrams = .init(upTo: n) }
    if let sizes = p["ngrams"]?.intArray { ngrams = .init(sizes: sizes) }
    return try TextVectorization(
      maxTokens: p["max_tokens"]?.intValue,
      standardize: try XCTUnwrap(
        TextVectorization.Standardize(name: standardizeName), standardizeName),
      split: try XCTUnwrap(TextVectorization.Split(name: splitName), splitName), ngrams: ngrams,
      outputMode: LookupOutputMode(rawValue: p["output_mode"]?.stringValue ?? "int") ?? .int,
      outputSequenceLength: p["output_sequence_length"]?.intValue,
      padToMaxTokens: p["pad_to_max_tokens"]?.boolValue ?? false,
      vocabulary: strings(p["vocabulary"]),
      idfWeights: floats(p["idf_weights"]))
  }

  func adaptTexts(_ c: [String: JSONValue]) -> [String]? {
    if let corpus = c["adapt_corpus"]?.stringValue,
      case .object(let corpora)? = Self.root["corpora"]
    {
      return strings(corpora[corpus])
    }
    return strings(c["adapt"])
  }

  func testTextVectorization() throws {
    let cases = try cases("text_vectorization")
    XCTAssertGreaterThanOrEqual(cases.count, 70)
    for c in cases {
      check(c) { try textVectorizationCase(c) }
    }
  }

  func textVectorizationCase(_ c: [String: JSONValue]) throws {
    let name = c["name"]?.stringValue ?? "?"
    let p = params(c)
    var layer = try makeLayer(p)
    if let texts = adaptTexts(c) { try layer.adapt(Datasets.from(texts)) }
    let input = try XCTUnwrap(strings(c["input"]), name)
    guard p["output_mode"]?.stringValue != nil else {
      let want = try XCTUnwrap(c["output"]?.arrayValue?.map { strings($0) ?? [] }, name)
      for (text, tokens) in zip(input, want) where layer.tokenize(text) != tokens {
        return XCTFail(
          "\(name): \(text.debugDescription) → \(layer.tokenize(text)), Keras \(tokens)")
      }
      return
    }
    let vocabulary = layer.vocabulary
    let wantVocabulary = try XCTUnwrap(strings(c["vocabulary_out"]), name)
    if vocabulary != wantVocabulary {
      let k =
        Array(zip(vocabulary, wantVocabulary)).firstIndex { !$0.utf8.elementsEqual($1.utf8) }
        ?? min(vocabulary.count, wantVocabulary.count)
      XCTFail(
        "\(name): vocabulary differs at \(k) (\(vocabulary.count) vs Keras \(wantVocabulary.count) entries)"
      )
    }
    XCTAssertEqual(layer.vocabularySize, c["vocabulary_size"]?.intValue, "\(name): vocabulary size")
    if let want = floats(c["idf_weights_out"]) {
      let got = try XCTUnwrap(layer.idfWeights, name)
      assertClose(
        [got + Array(repeating: 0, count: max(0, want.count - got.count))], [want], "\(name) idf")
    }
    if layer.outputMode == .int {
      let got = try layer(input).map { $0.map(Int.init) }
      let want = try XCTUnwrap(c["output"]?.intArrays, name)
      if got != want {
        let r = Array(zip(got, want)).firstIndex { $0 != $1 } ?? min(got.count, want.count)
        XCTFail(
          "\(name): row \(r): \(got.count > r ? got[r] : []), Keras \(want.count > r ? want[r] : [])"
        )
      }
    } else {
      let want = try XCTUnwrap(c["output"]?.arrayValue?.map { floats($0) ?? [] }, name)
      assertClose(try layer.encode(input), want, name)
    }
  }

  /// Adapting two halves on two cores and merging the counts gives exactly the vocabulary
  /// (and idf weights) Keras learned from the whole corpus.
  func testPartitionedAdaptMergesToKerasVocabulary() async throws {
    let c = try XCTUnwrap(
      try cases("text_vectorization").first { $0["name"]?.stringValue == "tv_large_tf_idf_max1000" }
    )
    let texts = try XCTUnwrap(adaptTexts(c))
    let layer = try makeLayer(params(c))
    async let first = layer.counts(Datasets.from(texts).shard(count: 2, index: 0))
    async let second = layer.counts(Datasets.from(texts).shard(count: 2, index: 1))
    var merged = try await first
    merged.merge(try await second)
    XCTAssertEqual(merged.documentCount, texts.count)
    XCTAssertTrue(
      merged == (try layer.counts(Datasets.from(texts))), "merged counts differ from one pass")
    var parallel = layer
    try parallel.finalize(merged)
    var sequential = layer
    try sequential.adapt(Datasets.from(texts))
    XCTAssertEqual(parallel.vocabulary.count, 1000)
    XCTAssertTrue(parallel.vocabulary == sequential.vocabulary, "vocabulary differs from one pass")
    XCTAssertTrue(parallel.idfWeights == sequential.idfWeights, "idf weights differ from one pass")
    XCTAssertTrue(
      parallel.vocabulary == strings(c["vocabulary_out"]), "vocabulary differs from Keras")
  }
}
