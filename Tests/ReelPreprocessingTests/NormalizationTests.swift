import Foundation
import ReelPipeline
import XCTest

@testable import ReelPreprocessing

/// Normalization's axes, parallel adapt, merging, JSON state and errors.
final class NormalizationTests: XCTestCase {
  /// 300 samples of shape [4, 3] with different scales per cell.
  let samples: [[Float]] = (0..<300).map { i in (0..<12).map { p in NormalizationTests.value(i, p) } }

  static func value(_ i: Int, _ p: Int) -> Float {
    let base = Float((i * 7 + p * 13) % 31)
    let scale = Float(p + 1)
    return base * scale - Float(p * 5) + Float(i % 3) * 0.25
  }

  func testDocumentedBroadcast() throws {
    let norm = try Normalization(mean: [0, 10], variance: [1, 4], sampleShape: [3, 2], axis: .keep([1, 2]))
    XCTAssertEqual(try norm([[0, 10, 1, 12, 2, 14]]), [[0, 0, 1, 1, 2, 2]])
    XCTAssertEqual(norm.statisticsShape, [3, 2])
    XCTAssertEqual(norm.mean, [0, 10, 0, 10, 0, 10])
  }

  func testAxesReduceTheRightPositions() throws {
    // axis=1 over [n, 4, 3]: one statistic per time step, over the batch and the 3 features.
    var perStep = try Normalization(sampleShape: [4, 3], axis: .keep([1]))
    try perStep.adapt(Datasets.from(samples))
    for t in 0..<4 {
      let values = samples.flatMap { $0[(t * 3)..<(t * 3 + 3)] }.map(Double.init)
      let mean = values.reduce(0, +) / Double(values.count)
      XCTAssertEqual(perStep.mean[t], mean, accuracy: 1e-9 * max(1, abs(mean)))
    }
    // axis=None: one statistic over everything; -1 and 2 are the same axis for rank 3.
    var all = try Normalization(sampleShape: [4, 3], axis: .none)
    try all.adapt(Datasets.from(samples))
    XCTAssertEqual(all.statisticsShape, [])
    XCTAssertEqual(all.mean.count, 1)
    var last = try Normalization(sampleShape: [4, 3])
    var two = try Normalization(sampleShape: [4, 3], axis: .keep([2]))
    try last.adapt(Datasets.from(samples))
    try two.adapt(Datasets.from(samples))
    XCTAssertEqual(last.mean, two.mean)
    XCTAssertEqual(last.keptAxes, [2])
    XCTAssertEqual(try Normalization(sampleShape: [4, 3], axis: .keep([2, 1])).keptAxes, [1, 2])
  }

  /// Batch moments computed on two threads and merged in batch order give the single-thread
  /// result bit for bit; partitions adapted apart and merged agree to double rounding.
  func testParallelAdaptAndMerge() throws {
    var sequential = try Normalization(sampleShape: [4, 3], axis: .keep([1, 2]))
    var parallel = sequential
    try sequential.adapt(Datasets.from(samples), batchSize: 7, maxConcurrency: 1)
    try parallel.adapt(Datasets.from(samples), batchSize: 7, maxConcurrency: 2)
    XCTAssertEqual(parallel, sequential)

    var whole = try Normalization(sampleShape: [4, 3], axis: .keep([1, 2]))
    try whole.adapt(Datasets.from(samples), batchSize: samples.count)
    var first = try Normalization(sampleShape: [4, 3], axis: .keep([1, 2]))
    var second = first
    try first.adapt(Datasets.from(Array(samples[..<111])))
    try second.adapt(Datasets.from(Array(samples[111...])))
    try first.merge(second)
    XCTAssertEqual(first.count, samples.count)
    for s in whole.mean.indices {
      XCTAssertEqual(first.mean[s], whole.mean[s], accuracy: 1e-12 * max(1, abs(whole.mean[s])))
      XCTAssertEqual(first.variance[s], whole.variance[s], accuracy: 1e-12 * max(1, whole.variance[s]))
      XCTAssertEqual(first.mean[s], sequential.mean[s], accuracy: 1e-12 * max(1, abs(whole.mean[s])))
    }
  }

  func testJSONState() throws {
    for axis: Normalization.Axis in [.none, .last, .keep([1]), .keep([1, 2])] {
      var layer = try Normalization(sampleShape: [4, 3], axis: axis, invert: true)
      try layer.adapt(Datasets.from(samples))
      XCTAssertEqual(try JSONDecoder().decode(Normalization.self, from: JSONEncoder().encode(layer)), layer, "\(axis)")
    }
    let given = try Normalization(mean: [1], variance: [4], sampleShape: [2, 2], axis: .keep([1, 2]))
    let restored = try JSONDecoder().decode(Normalization.self, from: JSONEncoder().encode(given))
    XCTAssertEqual(restored, given)
    XCTAssertTrue(restored.hasGivenStatistics)

    let legacy = #"{"features":2,"invert":false,"mean":[1,2],"variance":[4,9],"count":3}"#
    let old = try JSONDecoder().decode(Normalization.self, from: Data(legacy.utf8))
    XCTAssertEqual(old.sampleShape, [2])
    XCTAssertEqual(old.axis, .last)
    XCTAssertEqual(try old([[3, 5]]), [[1, 1]])
    for bad in [
      #"{"features":2,"mean":[1],"variance":[4,9],"count":3}"#,
      #"{"features":2,"mean":[1,2],"variance":[4,-9],"count":3}"#,
      #"{"sampleShape":[2,2],"axis":[0],"mean":[1,2],"variance":[4,9],"count":3}"#,
      #"{"sampleShape":[2,2],"axis":null,"mean":[1,2],"variance":[4,9],"count":3}"#,
      #"{"sampleShape":[0],"mean":[],"variance":[],"count":0}"#,
    ] {
      XCTAssertThrowsError(try JSONDecoder().decode(Normalization.self, from: Data(bad.utf8)), bad)
    }
  }

  func testErrors() throws {
    XCTAssertThrowsError(try Normalization(sampleShape: [4, 3], axis: .keep([0])), "the batch axis")
    XCTAssertThrowsError(try Normalization(sampleShape: [4, 3], axis: .keep([3])), "out of range")
    XCTAssertThrowsError(try Normalization(sampleShape: [4, 3], axis: .keep([-4])), "out of range")
    XCTAssertThrowsError(try Normalization(sampleShape: []))
    XCTAssertThrowsError(try Normalization(mean: [1, 2], variance: [1, 1], sampleShape: [4, 3], axis: .keep([1, 2])))
    XCTAssertThrowsError(try Normalization(mean: [.nan], variance: [1], sampleShape: [3]))

    var given = try Normalization(mean: [1, 2], variance: [1, 1])
    XCTAssertThrowsError(try given.adapt(Datasets.from([[1, 2]] as [[Float]])))
    XCTAssertThrowsError(try given.update([[1, 2]]))
    var free = Normalization(features: 2)
    XCTAssertThrowsError(try free.merge(given), "given statistics do not merge")
    XCTAssertThrowsError(try free.merge(Normalization(features: 3)), "shapes differ")
    XCTAssertThrowsError(try free.adapt(Datasets.from([[1, 2], [1, .infinity]] as [[Float]]), batchSize: 1)) {
      XCTAssertTrue("\($0)".contains("row 1"), "\($0)")
    }
    XCTAssertThrowsError(try free.adapt(Datasets.from([[1, 2]] as [[Float]]), batchSize: 0))
  }
}
