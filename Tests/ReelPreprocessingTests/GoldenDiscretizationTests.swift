import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelPreprocessing

/// Reel's `Discretization` (adapt, output modes, errors) and `Normalization` axes against
/// tf-keras 2.21 (Fixtures/golden/preprocessing_discretization.json, written by
/// Fixtures/golden/make_preprocessing_discretization.py). Adapted boundaries and summaries
/// must be bit-identical; Normalization statistics agree to float32 precision (Keras
/// accumulates in float32, Reel in float64).
final class GoldenDiscretizationTests: XCTestCase {
  typealias Case = [String: JSONValue]

  static let document: (datasets: [String: JSONValue], cases: [Case]) = {
    let url = Golden.directory.appendingPathComponent("preprocessing_discretization.json")
    guard let data = try? Data(contentsOf: url),
      case .object(let root)? = try? JSONDecoder().decode(JSONValue.self, from: data),
      case .array(let cases)? = root["cases"], case .object(let datasets)? = root["datasets"]
    else { return ([:], []) }
    return (datasets, cases.compactMap { if case .object(let c) = $0 { return c } else { return nil } })
  }()

  func cases(_ op: String) -> [Case] {
    let found = Self.document.cases.filter { $0["op"]?.stringValue == op }
    XCTAssertFalse(found.isEmpty, "no \(op) cases in preprocessing_discretization.json")
    return found
  }

  // MARK: - Discretization adapt

  func testAdaptEqualsKerasBitForBit() throws {
    // Cases adapting on the same batches (the num_bins sweep) share one summary.
    var summaries: [String: QuantileSummary] = [:]
    for c in cases("discretization_adapt") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      let numBins = try XCTUnwrap(p["num_bins"]?.intValue, name)
      let epsilon = try XCTUnwrap(number(p["epsilon"]), name)
      let source = c["adapt_dataset"]?.stringValue.map { "\($0) \(p["batch_size"] ?? .null) \(epsilon)" } ?? name
      let seen = summaries[source]

      // The summary, folded batch by batch.
      var summary = try QuantileSummary(epsilon: epsilon)
      if let seen {
        summary = seen
      } else {
        for batch in try kerasBatches(c) { try summary.merge(QuantileSummary(batch: batch, epsilon: epsilon)) }
        summaries[source] = summary
      }
      let kerasSummary = try XCTUnwrap(c["summary"]?.arrayValue, name)
      XCTAssertTrue(same(summary.values, try XCTUnwrap(floats(kerasSummary[0]), name)), "\(name): summary values")
      XCTAssertTrue(same(summary.weights, try XCTUnwrap(floats(kerasSummary[1]), name)), "\(name): summary weights")

      let expected = try XCTUnwrap(floats(c["bin_boundaries"]), name)
      XCTAssertTrue(same(summary.binBoundaries(numBins: numBins), expected), "\(name): summary boundaries")

      // The layer, through the API that mirrors how Keras was fed, on two threads.
      var layer = try Discretization(numBins: numBins, epsilon: epsilon)
      if seen == nil {
        try adapt(&layer, c, maxConcurrency: 2)
      } else {
        try layer.finalize(summary)
      }
      XCTAssertTrue(
        same(layer.binBoundaries, expected),
        "\(name): boundaries \(layer.binBoundaries.prefix(8)) vs Keras \(expected.prefix(8))")
      let probe = try XCTUnwrap(floats(c["input"]), name)
      XCTAssertEqual(try layer(probe).map(Int.init), c["output"]?.intArray, "\(name): bins of the probe")
    }
  }

  /// One thread and two give the same layer (and, above, Keras's boundaries).
  func testParallelAdaptEqualsSequential() throws {
    let names: Set = [
      "adapt_normal_10000_bins20", "adapt_dataset_uneven_batches", "adapt_rows_70x3_batch16",
      "adapt_skewed_10000_bins16_batch512", "adapt_inf_many",
    ]
    let selected = cases("discretization_adapt").filter { names.contains($0["name"]?.stringValue ?? "") }
    XCTAssertEqual(selected.count, names.count)
    for c in selected {
      let p = params(c)
      var sequential = try Discretization(numBins: p["num_bins"]?.intValue, epsilon: number(p["epsilon"]) ?? 0.01)
      var parallel = sequential
      try adapt(&sequential, c, maxConcurrency: 1)
      try adapt(&parallel, c, maxConcurrency: 2)
      XCTAssertEqual(parallel, sequential, c["name"]?.stringValue ?? "?")
      XCTAssertTrue(same(parallel.binBoundaries, try XCTUnwrap(floats(c["bin_boundaries"]))))
    }
  }

  /// Adapts `layer` through the public entry point matching the case's Keras call.
  func adapt(_ layer: inout Discretization, _ c: Case, maxConcurrency: Int) throws {
    let batchSize = params(c)["batch_size"]?.intValue ?? Discretization.kerasDefaultBatchSize
    if let rows = c["adapt_rows"]?.arrayValue {
      try layer.adapt(rows: Datasets.from(rows.compactMap(floats)), batchSize: batchSize, maxConcurrency: maxConcurrency)
    } else if let batches = c["adapt_batches"]?.arrayValue {
      try layer.adapt(batches: Datasets.from(batches.compactMap(floats)), maxConcurrency: maxConcurrency)
    } else {
      try layer.adapt(Datasets.from(try values(c)), batchSize: batchSize, maxConcurrency: maxConcurrency)
    }
  }

  /// The batches Keras's `update_state` saw.
  func kerasBatches(_ c: Case) throws -> [[Float]] {
    let batchSize = params(c)["batch_size"]?.intValue ?? Discretization.kerasDefaultBatchSize
    if let rows = c["adapt_rows"]?.arrayValue {
      let matrix = rows.compactMap(floats)
      return stride(from: 0, to: matrix.count, by: batchSize).map {
        Array(matrix[$0..<min($0 + batchSize, matrix.count)].joined())
      }
    }
    if let batches = c["adapt_batches"]?.arrayValue { return batches.compactMap(floats) }
    let all = try values(c)
    return stride(from: 0, to: all.count, by: batchSize).map { Array(all[$0..<min($0 + batchSize, all.count)]) }
  }

  func values(_ c: Case) throws -> [Float] {
    if let key = c["adapt_dataset"]?.stringValue {
      return try XCTUnwrap(floats(Self.document.datasets[key]), "dataset \(key)")
    }
    return try XCTUnwrap(floats(c["adapt"]), c["name"]?.stringValue ?? "?")
  }

  // MARK: - Output modes

  func testOutputModesEqualKeras() throws {
    for c in cases("discretization_call") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      let mode = try XCTUnwrap(p["output_mode"]?.stringValue.flatMap(Discretization.OutputMode.init(rawValue:)), name)
      let layer = try Discretization(binBoundaries: try XCTUnwrap(floats(p["bin_boundaries"]), name), outputMode: mode)
      let input = try XCTUnwrap(c["input"]?.arrayValue, name)
      let isMatrix = input.first?.arrayValue != nil
      let shape = c["output_shape"]?.intArray
      switch (mode, isMatrix) {
      case (.int, false):
        XCTAssertEqual(try layer(try XCTUnwrap(floats(c["input"]))).map(Int.init), c["output"]?.intArray, name)
      case (.int, true):
        let got = try layer(rows: input.compactMap(floats)).map { $0.map(Int.init) }
        XCTAssertEqual(got, c["output"]?.intArrays, name)
      case (_, false):
        let got = try layer.encode(try XCTUnwrap(floats(c["input"]), name))
        // Keras: multi_hot / count of a 1-D input is one sample, shape [binCount].
        let expected = shape?.count == 1 ? [try XCTUnwrap(floats(c["output"]), name)] : matrix(c["output"])
        XCTAssertEqual(got, expected, name)
      case (_, true):
        XCTAssertEqual(try layer.encode(rows: input.compactMap(floats)), matrix(c["output"]), name)
      }
      if let shape, mode != .int { XCTAssertEqual(shape.last, layer.binCount, name) }
    }
  }

  // MARK: - Errors

  func testKerasErrorsAreErrors() throws {
    for c in cases("discretization_error") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      XCTAssertThrowsError(try runErrorCase(p, stage: c["error_stage"]?.stringValue, input: c["input"]), "\(name): Keras raised \(c["error"]?.stringValue ?? "?")") {
        XCTAssertTrue($0 is PreprocessingError, "\(name): \($0)")
      }
    }
  }

  /// Builds the layer as Keras did, then adapts (stage "adapt") or calls it.
  func runErrorCase(_ p: [String: JSONValue], stage: String?, input: JSONValue?) throws {
    let modeName = p["output_mode"]?.stringValue ?? "int"
    guard let mode = Discretization.OutputMode(rawValue: modeName) else {
      throw PreprocessingError.invalidArgument(layer: "Discretization", "no output mode \(modeName)")
    }
    var layer = try Discretization(
      binBoundaries: floats(p["bin_boundaries"]), numBins: p["num_bins"]?.intValue, outputMode: mode)
    if let rows = input?.arrayValue, rows.first?.arrayValue != nil {
      _ = try layer.encode(rows: rows.compactMap(floats))
    } else if let values = floats(input) {
      if stage == "adapt" {
        try layer.adapt(Datasets.from(values))
      } else {
        _ = try layer(values)
      }
    }
  }

  func testNaNIsRejectedWhereKerasIsSilent() throws {
    for c in cases("discretization_reel_rejects") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      let input = try XCTUnwrap(floats(c["input"]), name)
      XCTAssertTrue(input.contains(where: \.isNaN), name)
      if p["stage"]?.stringValue == "adapt" {
        var layer = try Discretization(numBins: try XCTUnwrap(p["num_bins"]?.intValue))
        XCTAssertThrowsError(try layer.adapt(Datasets.from(input)), name)
      } else {
        let layer = try Discretization(binBoundaries: try XCTUnwrap(floats(p["bin_boundaries"])))
        XCTAssertThrowsError(try layer(input), name)
      }
    }
  }

  // MARK: - JSON helpers

  func params(_ c: Case) -> [String: JSONValue] {
    if case .object(let p)? = c["params"] { return p }
    return [:]
  }

  func number(_ v: JSONValue?) -> Double? {
    switch v {
    case .double(let d)?: return d
    case .int(let i)?: return Double(i)
    case .uint(let u)?: return Double(u)
    case .string("Infinity")?: return .infinity
    case .string("-Infinity")?: return -.infinity
    case .string("NaN")?: return .nan
    default: return nil
    }
  }

  /// A list of numbers as float32 (through float64, as Keras's `np.array(..., float32)`).
  func floats(_ v: JSONValue?) -> [Float]? {
    guard let array = v?.arrayValue else { return nil }
    let out = array.compactMap { number($0).map(Float.init) }
    return out.count == array.count ? out : nil
  }

  func matrix(_ v: JSONValue?) -> [[Float]]? { v?.arrayValue?.compactMap(floats) }

  /// Bitwise-equal float lists, except that 0 and -0 (equal to Keras's bucketing) match.
  func same(_ a: [Float], _ b: [Float]) -> Bool { a.count == b.count && zip(a, b).allSatisfy { $0 == $1 } }
}
