import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelPreprocessing

/// Reel's hashing against TensorFlow's and Keras's real outputs
/// (Fixtures/golden/preprocessing_hashing.json, written by
/// Fixtures/golden/make_preprocessing_hashing.py).
final class GoldenHashingTests: XCTestCase {
  static let cases: [[String: JSONValue]] = {
    guard
      let data = try? Data(
        contentsOf: Golden.directory.appendingPathComponent("preprocessing_hashing.json")),
      case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: data),
      case .array(let cases)? = root["cases"]
    else { return [] }
    return cases.compactMap { value -> [String: JSONValue]? in
      if case .object(let c) = value { return c }
      return nil
    }
  }()

  func cases(_ op: String) -> [[String: JSONValue]] {
    let found = Self.cases.filter { $0["op"]?.stringValue == op }
    XCTAssertFalse(found.isEmpty, "no \(op) cases in preprocessing_hashing.json")
    return found
  }

  func params(_ c: [String: JSONValue]) -> JSONValue { c["params"] ?? .object([:]) }

  /// Decodes a layer from a JSON value (Keras's config keys).
  func decode<T: Decodable>(_ type: T.Type, _ value: JSONValue) throws -> T {
    try JSONDecoder().decode(T.self, from: JSONEncoder().encode(value))
  }

  func strings(_ v: JSONValue?) -> [String]? {
    guard let array = v?.arrayValue else { return nil }
    let s = array.compactMap(\.stringValue)
    return s.count == array.count ? s : nil
  }

  func floatRows(_ v: JSONValue?) -> [[Float]]? {
    v?.arrayValue?.map { row in
      row.arrayValue?.map { x -> Float in
        switch x {
        case .double(let d): return Float(d)
        case .int(let i): return Float(i)
        default: return .nan
        }
      } ?? []
    }
  }

  func bytes(hex: String) -> [UInt8] {
    var out: [UInt8] = []
    var i = hex.startIndex
    while i < hex.endIndex {
      let j = hex.index(i, offsetBy: 2)
      out.append(UInt8(hex[i..<j], radix: 16)!)
      i = j
    }
    return out
  }

  /// Array equality that reports only the first difference (never whole arrays).
  func assertSame<T: Equatable>(
    _ got: [T]?, _ expected: [T]?, _ name: String, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    guard let got, let expected else {
      return XCTFail("\(name): missing values", file: file, line: line)
    }
    guard got.count == expected.count else {
      return XCTFail(
        "\(name): \(got.count) values, expected \(expected.count)", file: file, line: line)
    }
    if let i = got.indices.first(where: { got[$0] != expected[$0] }) {
      XCTFail("\(name): value \(i) is \(got[i]), expected \(expected[i])", file: file, line: line)
    }
  }

  func hex(_ v: UInt64) -> String {
    let s = String(v, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
  }

  /// Checks full hashes (hex) and to_hash_bucket outputs for every recorded bucket count.
  func checkHashes(_ c: [String: JSONValue], _ got: [UInt64]) {
    let name = c["name"]?.stringValue ?? "?"
    assertSame(got.map(hex), strings(c["output"]), name)
    guard case .object(let buckets)? = c["buckets"] else { return XCTFail("\(name): no buckets") }
    for (n, expected) in buckets {
      let modulus = UInt64(n)!
      assertSame(got.map { Int($0 % modulus) }, expected.intArray, "\(name) mod \(n)")
    }
  }

  func testFingerprint64() throws {
    var lengths = Set<Int>()
    for c in cases("fingerprint64") {
      let name = c["name"]?.stringValue ?? "?"
      let inputs: [[UInt8]]
      if let hexes = strings(c["input_hex"]) {
        inputs = hexes.map { bytes(hex: $0) }
      } else {
        let texts = try XCTUnwrap(strings(c["input"]), name)
        inputs = texts.map { Array($0.utf8) }
        assertSame(
          texts.map { FarmHashFingerprint64.hash($0) },
          inputs.map { FarmHashFingerprint64.hash(bytes: $0) }, name)
        assertSame(
          FarmHashFingerprint64.hashes(StringArray(texts)),
          texts.map { FarmHashFingerprint64.hash($0) }, name)
      }
      lengths.formUnion(inputs.map(\.count))
      checkHashes(c, inputs.map { FarmHashFingerprint64.hash(bytes: $0) })
    }
    XCTAssertTrue(Set(0...200).isSubset(of: lengths), "every length 0...200 is covered")
  }

  func testSipHashBuckets() throws {
    for c in cases("siphash_bucket") {
      let name = c["name"]?.stringValue ?? "?"
      let key = try XCTUnwrap(params(c).objectValue?["key"]?.intArray, name)
      let sip = SipHash(signedKey: Int64(key[0]), Int64(key[1]))
      let texts = try XCTUnwrap(strings(c["input"]), name)
      checkHashes(c, texts.map { sip.hash($0) })
      assertSame(sip.hashes(StringArray(texts)), texts.map { sip.hash($0) }, name)
    }
  }

  /// Runs `construct` then `call`; for a case Keras rejected, requires Reel to throw at the
  /// same stage.
  func check<Layer>(
    _ c: [String: JSONValue], construct: () throws -> Layer, call: (Layer) throws -> Void
  ) {
    let name = c["name"]?.stringValue ?? "?"
    let error = c["error"]?.stringValue
    let stage = c["error_stage"]?.stringValue
    let layer: Layer
    do {
      layer = try construct()
    } catch {
      if stage != "construct" { XCTFail("\(name): construction threw \(error)") }
      XCTAssertTrue(error is PreprocessingError, "\(name): \(error)")
      return
    }
    if stage == "construct" {
      return XCTFail("\(name): Keras raised \(error ?? "?") on construction")
    }
    if let error {
      XCTAssertThrowsError(try call(layer), "\(name): Keras raised \(error) on call") {
        XCTAssertTrue($0 is PreprocessingError, "\(name): \($0)")
      }
    } else {
      XCTAssertNoThrow(try call(layer), name)
    }
  }

  func testHashing() throws {
    for c in cases("hashing") {
      let name = c["name"]?.stringValue ?? "?"
      check(c, construct: { try decode(Hashing.self, params(c)) }) { layer in
        if let salt = c["salt_out"]?.intArray {
          XCTAssertEqual(layer.salt?.key.map(Int.init), salt, name)
        }
        let dtype = c["input_dtype"]?.stringValue ?? "string"
        if layer.outputMode == .int {
          let got: [Int64]
          if dtype == "string" {
            let texts = try XCTUnwrap(strings(c["input"]), name)
            got = try layer(texts)
            assertSame(try layer(StringArray(texts)), got, "\(name) StringArray")
            assertSame(try layer(FeatureColumn.string(texts)).int64Values, got, "\(name) column")
          } else {
            let ints = try XCTUnwrap(c["input"]?.intArray, name).map(Int64.init)
            got = try layer(ints)
            if dtype == "int32" {
              let column = FeatureColumn.int32(ints.map { Int32($0) })
              assertSame(try layer(column).int64Values, got, "\(name) int32 column")
            }
          }
          assertSame(got.map(Int.init), c["output"]?.intArray, name)
          return
        }
        let expected = try XCTUnwrap(floatRows(c["output"]), name)
        let got: [[Float]]
        // one_hot inputs are 1-D (one row per value); multi_hot/count inputs are rows.
        let oneHot = layer.outputMode == .oneHot
        if dtype == "string" {
          let rows = try XCTUnwrap(c["input"]?.arrayValue, name).map {
            strings($0) ?? [$0.stringValue ?? ""]
          }
          got = try layer.encode(oneHot ? [rows.joined().map { $0 }] : rows)
        } else {
          let rows = try XCTUnwrap(c["input"]?.arrayValue, name).map {
            ($0.intArray ?? $0.intValue.map { [$0] } ?? []).map(Int64.init)
          }
          got = try layer.encode(oneHot ? [rows.joined().map { $0 }] : rows)
        }
        assertSame(got, expected, name)
      }
    }
  }

  func testStringLookupOOVBuckets() throws {
    for c in cases("string_lookup_oov") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c).objectValue ?? [:]
      var layer = try StringLookup(
        maxTokens: p["max_tokens"]?.intValue, numOOVIndices: p["num_oov_indices"]?.intValue ?? 1,
        maskToken: p["mask_token"]?.stringValue, oovToken: p["oov_token"]?.stringValue ?? "[UNK]",
        vocabulary: strings(p["vocabulary"]))
      if let adapt = strings(c["adapt"]) { try layer.adapt(Datasets.from(adapt)) }
      let mode = p["output_mode"]?.stringValue ?? "int"
      // In non-int modes Keras's get_vocabulary() leaves the mask out.
      let dropsMask = mode != "int" && layer.maskToken != nil
      let vocabulary = dropsMask ? Array(layer.vocabulary.dropFirst()) : layer.vocabulary
      assertSame(vocabulary, strings(c["vocabulary_out"]), name)
      XCTAssertEqual(
        layer.vocabularySize - (dropsMask ? 1 : 0), c["vocabulary_size"]?.intValue, name)
      if mode == "int" {
        let got = try layer(try XCTUnwrap(strings(c["input"]), name))
        assertSame(got.map(Int.init), c["output"]?.intArray, name)
      } else {
        let outputMode = try XCTUnwrap(StringLookup.OutputMode(rawValue: mode), name)
        let rows = try XCTUnwrap(c["input"]?.arrayValue, name).map {
          strings($0) ?? [$0.stringValue ?? ""]
        }
        assertSame(try layer.encode(rows, mode: outputMode), floatRows(c["output"]), name)
      }
    }
  }

  func column(_ v: JSONValue, _ name: String) throws -> FeatureColumn {
    let o = try XCTUnwrap(v.objectValue, name)
    let values = try XCTUnwrap(o["values"], name)
    switch o["dtype"]?.stringValue {
    case "string": return .string(try XCTUnwrap(strings(values), name))
    case "int64": return .int64(try XCTUnwrap(values.intArray, name).map(Int64.init))
    case "int32": return .int32(try XCTUnwrap(values.intArray, name).map { Int32($0) })
    case "float32": return .float(try XCTUnwrap(floatRows(.array([values]))?.first, name))
    case let other: throw TestFailure("\(name): unknown dtype \(other ?? "nil")")
    }
  }

  func testHashedCrossing() throws {
    for c in cases("hashed_crossing") {
      let name = c["name"]?.stringValue ?? "?"
      let columns = try XCTUnwrap(c["input"]?.arrayValue, name).map { try column($0, name) }
      check(c, construct: { try decode(HashedCrossing.self, params(c)) }) { layer in
        if layer.outputMode == .int {
          let got = try layer(columns)
          assertSame(got.map(Int.init), c["output"]?.intArray, name)
        } else {
          let got = try layer.encode(columns)
          assertSame(got, floatRows(c["output"]), name)
        }
      }
    }
  }

  func testCaseCounts() {
    XCTAssertGreaterThanOrEqual(Self.cases.count, 60)
  }
}

extension JSONValue {
  fileprivate var objectValue: [String: JSONValue]? {
    if case .object(let o) = self { return o }
    return nil
  }
}
