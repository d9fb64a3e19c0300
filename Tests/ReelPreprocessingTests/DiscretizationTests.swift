import Dispatch
import Foundation
import ReelPipeline
import XCTest

@testable import ReelPreprocessing

/// Discretization's API, errors, JSON state, parallel summaries and the numpy.interp port.
final class DiscretizationTests: XCTestCase {
  func testDocumentedExamples() throws {
    var learned = try Discretization(numBins: 4)
    try learned.adapt(Datasets.from((0..<1000).map(Float.init)))
    // tf-keras 2.21: Discretization(num_bins=4).adapt(np.arange(1000.0, dtype=np.float32))
    XCTAssertEqual(learned.binBoundaries, [249.00018310546875, 499.0005187988281, 749.0003662109375])

    var bins = try Discretization(numBins: 2)
    try bins.adapt(batches: Datasets.from([[3, 1, 2], [5, 4]] as [[Float]]))
    XCTAssertEqual(bins.binBoundaries, [2.5])

    var state = try QuantileSummary(epsilon: 0.01)
    for batch in [[3, 1, 2], [5, 4]] as [[Float]] { try state.merge(QuantileSummary(batch: batch, epsilon: 0.01)) }
    XCTAssertEqual(state.binBoundaries(numBins: 2), [2.5])

    let counts = try Discretization(binBoundaries: [0, 1], outputMode: .count)
    XCTAssertEqual(try counts.encode([-1, 0.5, 0.7]), [[1, 2, 0]])
    let multi = try Discretization(binBoundaries: [0, 1], outputMode: .multiHot)
    XCTAssertEqual(try multi.encode(rows: [[-1, -2], [0.5, 3]]), [[1, 0, 0], [0, 1, 1]])
    let oneHot = try Discretization(binBoundaries: [0, 1], outputMode: .oneHot)
    XCTAssertEqual(try oneHot.encode([-1, 2]), [[1, 0, 0], [0, 0, 1]])
    XCTAssertEqual(try oneHot.encode(rows: [[0.5]]), [[0, 1, 0]])
  }

  func testBatchSummary() throws {
    // Below 1/epsilon values: every value, weight 1.
    let small = try QuantileSummary(batch: [3, -1, 2], epsilon: 0.01)
    XCTAssertEqual(small.values, [-1, 2, 3])
    XCTAssertEqual(small.weights, [1, 1, 1])
    // 250 values, epsilon 0.01: step = Int32(250 / 100) = 2, from index 2 (Keras drops the first two).
    let big = try QuantileSummary(batch: (0..<250).reversed().map(Float.init), epsilon: 0.01)
    XCTAssertEqual(big.values.count, 124)
    XCTAssertEqual(big.values.first, 2)
    XCTAssertEqual(big.values.last, 248)
    XCTAssertEqual(Set(big.weights), [2])
    // -0 and 0 keep their input order, as TensorFlow's stable sort does.
    let zeros = try QuantileSummary(batch: [0, -0.0, 1, -1], epsilon: 0.01)
    XCTAssertEqual(zeros.values.map(\.sign), [.minus, .plus, .minus, .plus])
    XCTAssertThrowsError(try QuantileSummary(batch: [1, .nan], epsilon: 0.01))
    XCTAssertThrowsError(try QuantileSummary(epsilon: 0))
    XCTAssertThrowsError(try QuantileSummary(epsilon: 1))
    var other = try QuantileSummary(epsilon: 0.1)
    XCTAssertThrowsError(try other.merge(small), "epsilons differ")
  }

  /// Partitions summarized on their own threads, then folded in batch order, equal a
  /// sequential adapt bit for bit, also after a JSON round trip of the state mid-way.
  func testPartitionSummariesFoldToTheSequentialResult() throws {
    var generator = SystemRandomNumberGenerator()
    let values = (0..<6000).map { _ in Float.random(in: -3...3, using: &generator) }
    let batches = stride(from: 0, to: values.count, by: 250).map { Array(values[$0..<min($0 + 250, values.count)]) }
    var sequential = try Discretization(numBins: 12)
    try sequential.adapt(Datasets.from(values), batchSize: 250, maxConcurrency: 1)

    var halves = [[QuantileSummary]](repeating: [], count: 2)
    let lock = NSLock()
    DispatchQueue.concurrentPerform(iterations: 2) { h in
      let mine = Array(batches[(h * batches.count / 2)..<((h + 1) * batches.count / 2)])
      let parts = (try? QuantileSummary.summarize(batches: mine, epsilon: 0.01, maxConcurrency: 1)) ?? []
      lock.lock()
      halves[h] = parts
      lock.unlock()
    }
    XCTAssertEqual(halves[0].count + halves[1].count, batches.count)
    var state = try QuantileSummary(epsilon: 0.01)
    for part in halves[0] { try state.merge(part) }
    state = try JSONDecoder().decode(QuantileSummary.self, from: JSONEncoder().encode(state))
    for part in halves[1] { try state.merge(part) }
    var folded = try Discretization(numBins: 12)
    try folded.finalize(state)
    XCTAssertEqual(folded, sequential)

    var parallel = try Discretization(numBins: 12)
    try parallel.adapt(Datasets.from(values), batchSize: 250, maxConcurrency: 2)
    XCTAssertEqual(parallel, sequential)
  }

  func testErrors() throws {
    XCTAssertThrowsError(try Discretization(binBoundaries: [0], numBins: 2))
    XCTAssertThrowsError(try Discretization())
    XCTAssertThrowsError(try Discretization(numBins: 0))
    XCTAssertThrowsError(try Discretization(numBins: 3, epsilon: 1.5))
    XCTAssertThrowsError(try Discretization(binBoundaries: [1, .nan]))
    XCTAssertThrowsError(try Discretization(binBoundaries: [2, 1]))

    var unadapted = try Discretization(numBins: 3)
    XCTAssertFalse(unadapted.isAdapted)
    XCTAssertThrowsError(try unadapted([1])) { XCTAssertEqual($0 as? PreprocessingError, .notAdapted(layer: "Discretization")) }
    XCTAssertThrowsError(try unadapted.adapt(Datasets.from([Float]())))
    XCTAssertThrowsError(try unadapted.adapt(batches: Datasets.from([[Float]](repeating: [], count: 3))))
    XCTAssertThrowsError(try unadapted.adapt(Datasets.from([1, 2]), batchSize: 0))
    XCTAssertThrowsError(try unadapted.adapt(Datasets.from([1, 2, .nan, 4]), batchSize: 2)) { error in
      XCTAssertEqual(error as? PreprocessingError, .invalidInput(layer: "Discretization", "batch 1: value 0 is NaN"))
    }
    XCTAssertThrowsError(try unadapted.finalize(try QuantileSummary(epsilon: 0.01)), "empty summary")
    XCTAssertThrowsError(try unadapted.finalize(try QuantileSummary(batch: [1, 2], epsilon: 0.1)), "other epsilon")
    // -inf and +inf with nothing between: Keras learns a NaN boundary; Reel refuses.
    XCTAssertThrowsError(try unadapted.adapt(Datasets.from([-.infinity, -.infinity, .infinity, .infinity])))

    var given = try Discretization(binBoundaries: [0, 1])
    XCTAssertThrowsError(try given.adapt(Datasets.from([1, 2])))
    XCTAssertThrowsError(try given.encode([1]), "int mode has no encoding")
    given.outputMode = .oneHot
    XCTAssertThrowsError(try given.encode(rows: [[1, 2]]), "one_hot of a wide row is rank 3")
    XCTAssertThrowsError(try given(rows: [[1], [.nan]])) { XCTAssertTrue("\($0)".contains("row 1"), "\($0)") }
  }

  func testJSONState() throws {
    var layer = try Discretization(numBins: 3, epsilon: 0.1, outputMode: .count)
    let blank = try JSONDecoder().decode(Discretization.self, from: JSONEncoder().encode(layer))
    XCTAssertEqual(blank, layer)
    XCTAssertFalse(blank.isAdapted)
    try layer.adapt(Datasets.from([-.infinity, 1, 2, 3, .infinity, .infinity]))
    XCTAssertEqual(layer.binBoundaries, [-.infinity, 3])  // as tf-keras 2.21
    let json = try JSONEncoder().encode(layer)
    XCTAssertTrue(String(decoding: json, as: UTF8.self).contains("\"-Infinity\""))
    XCTAssertEqual(try JSONDecoder().decode(Discretization.self, from: json), layer)

    let legacy = try JSONDecoder().decode(Discretization.self, from: Data(#"{"binBoundaries":[0,1]}"#.utf8))
    XCTAssertEqual(legacy, try Discretization(binBoundaries: [0, 1]))
    for bad in [
      #"{"binBoundaries":[1,0]}"#, #"{"binBoundaries":["NaN"]}"#, #"{"numBins":0}"#, #"{}"#,
      #"{"numBins":2,"epsilon":1.5}"#, #"{"numBins":2,"binBoundaries":[3,2]}"#,
      #"{"binBoundaries":["big"]}"#,
    ] {
      XCTAssertThrowsError(try JSONDecoder().decode(Discretization.self, from: Data(bad.utf8)), bad)
    }
    for bad in [
      #"{"epsilon":0.01,"values":[1,2],"weights":[1]}"#, #"{"epsilon":0.01,"values":["NaN"],"weights":[1]}"#,
      #"{"epsilon":2,"values":[],"weights":[]}"#, #"{"epsilon":0.01,"values":[1],"weights":[-1]}"#,
    ] {
      XCTAssertThrowsError(try JSONDecoder().decode(QuantileSummary.self, from: Data(bad.utf8)), bad)
    }
  }

  /// numpy 2.4 results for the same calls (`np.interp(x, xp, fp)`).
  func testNumpyInterp() {
    let nan = Double.nan
    let got = NumpyInterpolation.interp([0, 1, 1.5, 2, 2.5, 3, 4, -1, nan], [1, 2, 2, 3], [10, 20, 30, 40])
    XCTAssertEqual(Array(got.prefix(8)), [10, 10, 15, 30, 35, 40, 40, 10])
    XCTAssertTrue(got[8].isNaN)
    XCTAssertEqual(NumpyInterpolation.interp([0.5, 1, 1.5], [1], [7]), [7, 7, 7])
    XCTAssertEqual(
      NumpyInterpolation.interp([0.25, 0.5, 0.75, 1], [0, 0.5, 0.5, 1], [-.infinity, 0, 1, .infinity]),
      [-.infinity, 1, .infinity, .infinity])
    XCTAssertEqual(NumpyInterpolation.interp([0.5], [0, 1], [.infinity, .infinity]), [.infinity])
    XCTAssertTrue(NumpyInterpolation.interp([0.5], [0, 1], [-.infinity, .infinity])[0].isNaN)
    // Many points (the guessed search) over repeated xp values.
    let x = [
      -0.1, 1.3877787807814457e-17, 0.10000000000000003, 0.20000000000000004, 0.30000000000000004,
      0.40000000000000013, 0.5000000000000001, 0.6000000000000002, 0.7000000000000002, 0.8000000000000002,
      0.9000000000000002, 1.0000000000000002, 1.1,
    ]
    let xp = [0, 0.1, 0.1, 0.2, 0.5, 0.5, 0.5, 0.7, 0.9, 1.0]
    let fp = [
      0.0, 1.0, 2.8284271247461903, 5.196152422706632, 8.0, 11.180339887498949, 14.696938456699069,
      18.520259177452136, 22.627416997969522, 27.0,
    ]
    XCTAssertEqual(
      NumpyInterpolation.interp(x, xp, fp),
      [
        0.0, 1.3877787807814457e-16, 2.8284271247461907, 5.196152422706632, 6.130768281804421,
        7.065384140902212, 14.69693845669907, 16.608598817075606, 18.52025917745214, 20.573838087710833,
        22.627416997969533, 27.0, 27.0,
      ])
  }
}
