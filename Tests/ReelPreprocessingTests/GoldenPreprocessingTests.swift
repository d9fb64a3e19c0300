import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelPreprocessing

/// Reel's layers against Keras's real outputs (Fixtures/golden/preprocessing.json, written by
/// Fixtures/golden/make_preprocessing.py).
final class GoldenPreprocessingTests: XCTestCase {
  func raw(_ op: String) throws -> [[String: JSONValue]] {
    let data = try Data(contentsOf: Golden.directory.appendingPathComponent("preprocessing.json"))
    guard case .object(let root) = try JSONDecoder().decode(JSONValue.self, from: data),
      case .array(let cases)? = root["cases"]
    else { throw TestFailure("preprocessing.json: no cases") }
    let found = cases.compactMap { value -> [String: JSONValue]? in
      guard case .object(let c) = value, c["op"]?.stringValue == op else { return nil }
      return c
    }
    XCTAssertFalse(found.isEmpty, "no \(op) cases")
    return found
  }

  func floats(_ v: JSONValue?) -> [Float]? {
    v?.arrayValue?.compactMap { x -> Float? in
      switch x {
      case .double(let d): return Float(d)
      case .int(let i): return Float(i)
      case .uint(let u): return Float(u)
      case .string(let s): return s == "NaN" ? .nan : s == "Infinity" ? .infinity : s == "-Infinity" ? -.infinity : nil
      default: return nil
      }
    }
  }

  func matrix(_ v: JSONValue?) -> [[Float]]? { v?.arrayValue?.compactMap { floats($0) } }

  func params(_ c: [String: JSONValue]) -> [String: JSONValue] {
    if case .object(let p)? = c["params"] { return p }
    return [:]
  }

  func testNormalization() throws {
    for c in try raw("normalization") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      let invert = p["invert"]?.boolValue ?? false
      // axis=None: one scalar mean and variance over all values, applied elementwise.
      let scalar = p["axis"] == nil || p["axis"] == .null
      let shape = try XCTUnwrap(matrix(c["input"]), name)
      let input = scalar ? shape.joined().map { [$0] } : shape
      let expected = scalar ? (try XCTUnwrap(matrix(c["output"]), name)).joined().map { [$0] } : try XCTUnwrap(matrix(c["output"]), name)
      var layer: Normalization
      if var adapt = matrix(c["adapt"]), !adapt.isEmpty {
        if scalar { adapt = adapt.joined().map { [$0] } }
        let features = adapt[0].count
        layer = Normalization(features: features, invert: invert)
        try layer.adapt(Datasets.from(adapt))
        if let mean = floats(c["mean"]), mean.count == features {
          for (a, b) in zip(layer.mean, mean) { XCTAssertEqual(Float(a), b, accuracy: 1e-4 * max(1, abs(b)), "\(name) mean") }
        }
        if let variance = floats(c["variance"]), variance.count == features {
          for (a, b) in zip(layer.variance, variance) {
            XCTAssertEqual(Float(a), b, accuracy: 1e-4 * max(1, abs(b)), "\(name) variance")
          }
        }
      } else {
        let mean = try XCTUnwrap(floats(p["mean"]) ?? floats(c["mean"]), name).map(Double.init)
        let variance = try XCTUnwrap(floats(p["variance"]) ?? floats(c["variance"]), name).map(Double.init)
        let width = input.first?.count ?? 1
        let m = mean.count == 1 && width > 1 ? Array(repeating: mean[0], count: width) : mean
        let v = variance.count == 1 && width > 1 ? Array(repeating: variance[0], count: width) : variance
        layer = try Normalization(mean: m, variance: v, invert: invert)
      }
      let output = try layer(input)
      XCTAssertEqual(output.count, expected.count, name)
      for (row, want) in zip(output, expected) {
        for (a, b) in zip(row, want) { XCTAssertEqual(a, b, accuracy: 1e-4 * max(1, abs(b)), name) }
      }
    }
  }

  func testDiscretization() throws {
    for c in try raw("discretization") {
      let name = c["name"]?.stringValue ?? "?"
      let bins = try Discretization(binBoundaries: try XCTUnwrap(floats(params(c)["bin_boundaries"]), name))
      let input = try XCTUnwrap(floats(c["input"]), name)
      XCTAssertEqual(try bins(input).map(Int.init), c["output"]?.intArray, name)
    }
  }

  /// Runs `body`; for a case Keras rejected (`"error"`), requires that Reel throws too.
  func check(_ c: [String: JSONValue], _ body: () throws -> Void) {
    let name = c["name"]?.stringValue ?? "?"
    if let error = c["error"]?.stringValue {
      XCTAssertThrowsError(try body(), "\(name): Keras raised \(error)")
    } else {
      XCTAssertNoThrow(try body(), name)
    }
  }

  func testStringLookup() throws {
    for c in try raw("string_lookup") {
      check(c) { try stringLookupCase(c) }
    }
  }

  func stringLookupCase(_ c: [String: JSONValue]) throws {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      let mode = p["output_mode"]?.stringValue ?? "int"
      var layer = try StringLookup(
        maxTokens: p["max_tokens"]?.intValue, numOOVIndices: p["num_oov_indices"]?.intValue ?? 1,
        maskToken: p["mask_token"]?.stringValue, oovToken: p["oov_token"]?.stringValue ?? "[UNK]",
        vocabulary: p["vocabulary"]?.arrayValue?.compactMap(\.stringValue), invert: false,
        outputMode: try XCTUnwrap(StringLookup.OutputMode(rawValue: mode), name))
      if let adapt = c["adapt"]?.arrayValue?.compactMap(\.stringValue), p["vocabulary"]?.arrayValue == nil {
        try layer.adapt(Datasets.from(adapt))
      }
      if let vocabulary = c["vocabulary_out"]?.arrayValue?.compactMap(\.stringValue) {
        // In non-int modes Keras's get_vocabulary() leaves the mask out, and so does Reel's.
        // Compared as bytes: Swift's String == would equate canonically equivalent tokens.
        XCTAssertEqual(layer.vocabulary.map { Array($0.utf8) }, vocabulary.map { Array($0.utf8) }, name)
        XCTAssertEqual(layer.vocabularySize, c["vocabulary_size"]?.intValue, name)
      }
      if p["invert"]?.boolValue == true {
        let indices = try XCTUnwrap(c["input"]?.intArray, name).map(Int64.init)
        XCTAssertEqual(layer.tokens(for: indices), c["output"]?.arrayValue?.compactMap(\.stringValue), name)
      } else if mode == "int" {
        let input = try XCTUnwrap(c["input"]?.arrayValue?.compactMap(\.stringValue), name)
        let output = try layer(input)
        XCTAssertEqual(output.map(Int.init), c["output"]?.intArray, name)
      } else {
        let rows: [[String]] =
          c["input"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.stringValue) ?? [$0.stringValue ?? ""] } ?? []
        let expected = try XCTUnwrap(matrix(c["output"]), name)
        let got = try layer.encode(rows)
        XCTAssertEqual(got, expected, name)
      }
  }

  func testIntegerLookup() throws {
    for c in try raw("integer_lookup") {
      check(c) { try integerLookupCase(c) }
    }
  }

  func integerLookupCase(_ c: [String: JSONValue]) throws {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      let mode = p["output_mode"]?.stringValue ?? "int"
      var layer = try IntegerLookup(
        maxTokens: p["max_tokens"]?.intValue, numOOVIndices: p["num_oov_indices"]?.intValue ?? 1,
        maskToken: p["mask_token"]?.intValue.map(Int64.init), oovToken: Int64(p["oov_token"]?.intValue ?? -1),
        vocabulary: p["vocabulary"]?.intArray?.map(Int64.init), invert: false,
        outputMode: try XCTUnwrap(IntegerLookup.OutputMode(rawValue: mode), name))
      if let adapt = c["adapt"]?.intArray, p["vocabulary"]?.arrayValue == nil {
        try layer.adapt(Datasets.from(adapt.map(Int64.init)))
      }
      if let vocabulary = c["vocabulary_out"]?.intArray {
        XCTAssertEqual(layer.vocabulary.map(Int.init), vocabulary, name)
        XCTAssertEqual(layer.vocabularySize, c["vocabulary_size"]?.intValue, name)
      }
      if mode != "int" {
        let rows: [[Int64]] =
          c["input"]?.arrayValue?.map { v in (v.intArray ?? v.intValue.map { [$0] } ?? []).map(Int64.init) } ?? []
        let expected = try XCTUnwrap(matrix(c["output"]), name)
        XCTAssertEqual(try layer.encode(rows), expected, name)
        return
      }
      let input = try XCTUnwrap(c["input"]?.intArray, name).map(Int64.init)
      if p["invert"]?.boolValue == true {
        XCTAssertEqual(layer.tokens(for: input).map(Int.init), c["output"]?.intArray, name)
      } else {
        let output = try layer(input)
        XCTAssertEqual(output.map(Int.init), c["output"]?.intArray, name)
      }
  }
}
