import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

final class TaskTests: XCTestCase {
  func testRetrievalRejectsBadInputs() throws {
    let task = try Retrieval(removeAccidentalHits: true)
    let q = Variable(constant: Tensor(shape: [3, 2], repeating: 1))
    let c = Variable(constant: Tensor(shape: [3, 2], repeating: 1))
    XCTAssertThrowsError(try task.loss(queries: q, candidates: c)) {
      XCTAssertEqual(
        "\($0)",
        "retrieval: when accidental hit removal is enabled, candidate ids must be supplied")
    }
    let plain = try Retrieval()
    XCTAssertThrowsError(
      try plain.loss(queries: q, candidates: Variable(constant: Tensor(shape: [2, 2])))
    ) {
      XCTAssertEqual(
        "\($0)",
        "retrieval: 3 queries but only 2 candidates: candidate i must be query i's positive")
    }
    XCTAssertThrowsError(try plain.loss(queries: q, candidates: c, sampleWeights: [1]))
    XCTAssertThrowsError(try plain.loss(queries: q, candidates: c, candidateIDs: [1]))
    XCTAssertThrowsError(try plain.loss(queries: q, candidates: c, scoreMask: [true]))
    XCTAssertThrowsError(
      try plain.loss(queries: q, candidates: c, candidateSamplingProbability: [1]))
    XCTAssertThrowsError(try plain.loss(queries: Variable(constant: Tensor([1])), candidates: c))
    XCTAssertThrowsError(try Retrieval(reduction: .none))
    XCTAssertThrowsError(try Retrieval(temperature: 0))
    XCTAssertThrowsError(try Retrieval(numHardNegatives: -1))
  }

  /// Factorized metrics get the first n candidates and ids when there are extra negatives
  /// (TFRS forgets to slice the ids: PR #642), and are skipped when `computeMetrics` is false.
  func testFactorizedMetricsWithExtraCandidates() throws {
    let index = try BruteForce(
      candidates: Tensor(rows: [[1, 0], [0, 1], [1, 1]]), ids: [10, 11, 12])
    let topK = try FactorizedTopK(candidates: index, ks: [1, 2])
    let lossMean = Mean()
    let task = try Retrieval(factorizedMetrics: [topK], lossMetrics: [lossMean])
    let q = Variable(constant: Tensor(rows: [[1, 0.1], [0.1, 1]]))
    let c = Variable(constant: Tensor(rows: [[1, 0], [0, 1], [1, 1]]))
    let first = try task.loss(
      queries: q, candidates: c, candidateIDs: [10, 11, 12], computeMetrics: false)
    XCTAssertEqual(topK.results.map(\.value), [0, 0], "factorized metrics skipped")
    XCTAssertEqual(lossMean.result, first.value.scalar, "loss metrics still run")
    _ = try task.loss(queries: q, candidates: c, candidateIDs: [10, 11, 12])
    // Both queries rank candidate 12 ([1, 1]) first and their own candidate second.
    XCTAssertEqual(topK.results.map(\.value), [0, 1])
    XCTAssertEqual(task.metricResults.count, 3)
    task.resetMetrics()
    XCTAssertEqual(task.metricResults.map(\.value), [0, 0, 0])
  }

  func testRankingShapesWeightsAndErrors() throws {
    let task = Ranking(loss: .meanSquaredError, metrics: [RootMeanSquaredError()])
    let tape = Tape()
    let p = tape.watch(Tensor(rows: [[1], [3]]))
    let loss = try task.loss(labels: Tensor([0, 1]), predictions: p, sampleWeights: [1, 3])
    XCTAssertEqual(loss.value.scalar, (1 + 3 * 4) / 2)
    XCTAssertEqual(tape.gradient(of: loss, wrt: [p])[0].densified().scalars, [1, 6])
    XCTAssertThrowsError(try task.loss(labels: Tensor([0, 1, 2]), predictions: p)) {
      XCTAssertEqual(
        "\($0)", "ranking: labels of shape [3] do not match predictions of shape [2, 1]")
    }
    XCTAssertThrowsError(try task.loss(labels: Tensor([0, 1]), predictions: p, sampleWeights: [1]))
    let custom = Ranking(
      loss: .custom(name: "sum") { p, y, _, _ in (p - Variable(constant: y)).sum() })
    XCTAssertEqual(try custom.loss(labels: Tensor([0, 1]), predictions: p).value.scalar, 3)
  }

  func testMeanAbsoluteErrorLossAgainstFiniteDifferences() throws {
    var rng = SplitMix64(seed: 2)
    let labels = randomTensor([6, 2], &rng)
    let weights = (0..<6).map { _ in Float.random(in: 0.5...2, using: &rng) }
    for reduction in [LossReduction.sum, .sumOverBatchSize] {
      let task = Ranking(loss: .meanAbsoluteError, reduction: reduction)
      try assertGradientsMatchFiniteDifferences([randomTensor([6, 2], &rng, in: 2...3)]) { v in
        try task.loss(labels: labels, predictions: v[0], sampleWeights: weights)
      }
    }
  }

  func testMultitaskWeightsLossesAndCollectsMetrics() throws {
    let ranking = Ranking(loss: .meanSquaredError, metrics: [RootMeanSquaredError()])
    let retrieval = try Retrieval(lossMetrics: [Mean(name: "retrieval_loss")])
    let multitask = Multitask([(ranking, 2), (retrieval, 0.5)])
    let tape = Tape()
    let x = tape.watch(Tensor([3]))
    let total = try multitask.loss([x * Variable(constant: Tensor([2])), x])
    XCTAssertEqual(total.value.scalar, 2 * 6 + 0.5 * 3)
    XCTAssertEqual(tape.gradient(of: total, wrt: [x])[0].densified().scalars, [4.5])
    XCTAssertEqual(
      multitask.metrics.map(\.name), ["root_mean_squared_error", "retrieval_loss"])
    XCTAssertThrowsError(try multitask.loss([x]))
    XCTAssertThrowsError(try multitask.loss([x, Variable(constant: Tensor([1, 2]))]))
  }
}
