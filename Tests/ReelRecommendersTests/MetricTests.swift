import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

final class MetricTests: XCTestCase {
  func testMeanWeightsRowsAndMerges() throws {
    let a = Mean(name: "loss")
    a.update(4)
    try a.update(values: Tensor([1, 3]), sampleWeights: [1, 3])
    XCTAssertEqual(a.result, 14 / 5, accuracy: 1e-6)
    let b = Mean()
    try b.update(values: Tensor(rows: [[1, 2], [3, 4]]), sampleWeights: [1, 0])
    XCTAssertEqual(b.result, 1.5)
    try a.merge(b)
    XCTAssertEqual(a.result, 17 / 7, accuracy: 1e-6)
    XCTAssertEqual(a.results, [MetricResult(name: "loss", value: a.result)])
    a.reset()
    XCTAssertEqual(a.result, 0)
  }

  func testShardedUpdatesMergeToTheWhole() throws {
    var rng = SplitMix64(seed: 4)
    let labels = Tensor(shape: [40, 1], scalars: (0..<40).map { Float($0 % 2) })
    let predictions = randomTensor([40, 1], &rng, in: 0...1)
    let weights = (0..<40).map { _ in Float.random(in: 0...2, using: &rng) }
    func metrics() -> [any LabeledMetric] {
      [RootMeanSquaredError(), MeanAbsoluteError(), AUC(), CategoricalAccuracy()]
    }
    let whole = metrics()
    let halves = [metrics(), metrics()]
    for m in whole where !(m is CategoricalAccuracy) {
      try m.update(labels: labels, predictions: predictions, sampleWeights: weights)
    }
    for (h, range) in zip(halves, [0..<15, 15..<40]) {
      for m in h where !(m is CategoricalAccuracy) {
        try m.update(
          labels: labels.rows(range), predictions: predictions.rows(range),
          sampleWeights: Array(weights[range]))
      }
    }
    try (halves[0][0] as! RootMeanSquaredError).merge(halves[1][0] as! RootMeanSquaredError)
    try (halves[0][1] as! MeanAbsoluteError).merge(halves[1][1] as! MeanAbsoluteError)
    try (halves[0][2] as! AUC).merge(halves[1][2] as! AUC)
    for i in 0..<3 {
      XCTAssertEqual(halves[0][i].result, whole[i].result, accuracy: 1e-6, whole[i].name)
    }
    XCTAssertThrowsError(try AUC(thresholds: 10).merge(AUC()))
  }

  func testAUCOfAPerfectAndAReversedRanking() throws {
    let labels = Tensor([0, 0, 1, 1])
    let perfect = AUC()
    try perfect.update(
      labels: labels, predictions: Tensor([0.1, 0.2, 0.8, 0.9]), sampleWeights: nil)
    XCTAssertEqual(perfect.result, 1, accuracy: 1e-6)
    let reversed = AUC()
    try reversed.update(
      labels: labels, predictions: Tensor([0.9, 0.8, 0.2, 0.1]), sampleWeights: nil)
    XCTAssertEqual(reversed.result, 0, accuracy: 1e-6)
  }

  func testMismatchedInputsThrow() {
    XCTAssertThrowsError(
      try RootMeanSquaredError().update(
        labels: Tensor([1, 2]), predictions: Tensor([1, 2, 3]), sampleWeights: nil)
    ) {
      XCTAssertEqual(
        "\($0)",
        "root_mean_squared_error: labels of shape [2] do not match predictions of shape [3]")
    }
    XCTAssertThrowsError(
      try AUC().update(labels: Tensor([1, 0]), predictions: Tensor([1, 0]), sampleWeights: [1])
    ) { XCTAssertEqual("\($0)", "auc: 1 sample weights for 2 rows") }
    XCTAssertThrowsError(
      try CategoricalAccuracy().update(
        labels: Tensor([1, 0]), predictions: Tensor([1, 0]), sampleWeights: nil))
  }
}
