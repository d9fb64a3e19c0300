import Foundation
import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelPreprocessing

/// `Normalization` axes over rank-2 and rank-3 inputs against tf-keras 2.21 (the
/// "normalization_axis" cases of preprocessing_discretization.json).
///
/// Tolerance: Keras merges batch moments in float32, Reel in float64, so statistics and
/// outputs agree to |reel - keras| ≤ 2e-6 · max(1, |keras|) (the largest deviation in these
/// cases is 3.3e-7).
extension GoldenDiscretizationTests {
  static let normalizationTolerance: Float = 2e-6

  func testNormalizationAxesMatchKeras() throws {
    for c in cases("normalization_axis") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      let axis = try normalizationAxis(p["axis"])
      let invert = p["invert"]?.boolValue ?? false
      let input = try XCTUnwrap(c["input"]?.arrayValue, name)
      let sampleShape = shape(of: input[0])
      var layer: Normalization
      if let adapt = c["adapt"]?.arrayValue {
        layer = try Normalization(sampleShape: sampleShape, axis: axis, invert: invert)
        let rows = adapt.map(flattened)
        try layer.adapt(Datasets.from(rows), batchSize: p["batch_size"]?.intValue ?? 32)
      } else {
        layer = try Normalization(
          mean: flattened(try XCTUnwrap(p["mean"], name)).map(Double.init),
          variance: flattened(try XCTUnwrap(p["variance"], name)).map(Double.init),
          sampleShape: sampleShape, axis: axis, invert: invert)
      }
      XCTAssertEqual(layer.statisticsShape, c["stat_shape"]?.intArray, name)
      assertClose(layer.mean.map(Float.init), try XCTUnwrap(floats(c["mean"]), name), "\(name) mean")
      assertClose(layer.variance.map(Float.init), try XCTUnwrap(floats(c["variance"]), name), "\(name) variance")
      let output = try layer(input.map(flattened))
      let expected = try XCTUnwrap(c["output"]?.arrayValue, name).map(flattened)
      assertClose(Array(output.joined()), Array(expected.joined()), "\(name) output")
    }
  }

  func testNormalizationAxisErrorsAreErrors() throws {
    for c in cases("normalization_axis_error") {
      let name = c["name"]?.stringValue ?? "?"
      let p = params(c)
      // Keras's mean-without-variance error has no Swift counterpart: both are required
      // arguments of the initializer, so such a call does not compile.
      if p["variance"] == nil, p["mean"] != nil { continue }
      XCTAssertThrowsError(try {
        let axis = try normalizationAxis(p["axis"])
        let rows = c["input"]?.arrayValue ?? []
        let sampleShape = rows.first.map(shape(of:)) ?? [1]
        var layer: Normalization
        if let mean = p["mean"], let variance = p["variance"] {
          layer = try Normalization(
            mean: flattened(mean).map(Double.init), variance: flattened(variance).map(Double.init),
            sampleShape: sampleShape, axis: axis)
        } else {
          layer = try Normalization(sampleShape: sampleShape, axis: axis)
        }
        try layer.adapt(Datasets.from(rows.map(flattened)))
      }(), "\(name): Keras raised \(c["error"]?.stringValue ?? "?")")
    }
  }

  func normalizationAxis(_ v: JSONValue?) throws -> Normalization.Axis {
    switch v {
    case nil, .null?: return .none
    case let value?:
      if let k = value.intValue { return .keep([k]) }
      return .keep(try XCTUnwrap(value.intArray, "axis \(value)"))
    }
  }

  /// The shape of a nested JSON list (its first elements' lengths).
  func shape(of v: JSONValue) -> [Int] {
    guard let array = v.arrayValue else { return [] }
    return [array.count] + (array.first.map(shape(of:)) ?? [])
  }

  /// A nested list (or a number) flattened row-major to float32.
  func flattened(_ v: JSONValue) -> [Float] {
    if let array = v.arrayValue { return array.flatMap(flattened) }
    return number(v).map { [Float($0)] } ?? []
  }

  func assertClose(_ got: [Float], _ want: [Float], _ message: String) {
    XCTAssertEqual(got.count, want.count, message)
    let worst = zip(got, want).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
    XCTAssertLessThanOrEqual(worst, Self.normalizationTolerance, "\(message): worst relative deviation \(worst)")
  }
}
