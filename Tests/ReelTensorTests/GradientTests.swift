import ReelPipeline
import XCTest

@testable import ReelTensor

final class GradientTests: XCTestCase {
  var rng = SplitMix64(seed: 2024)

  func testBroadcastArithmetic() {
    let a = randomTensor([2, 3], &rng)
    let row = randomTensor([3], &rng)
    let column = randomTensor([2, 1], &rng)
    let positive = randomTensor([1, 3], &rng, in: 0.5...2)
    assertGradientsMatchFiniteDifferences([a, row]) { $0[0] + $0[1] }
    assertGradientsMatchFiniteDifferences([a, column]) { $0[0] - $0[1] }
    assertGradientsMatchFiniteDifferences([column, row]) { $0[0] * $0[1] }
    assertGradientsMatchFiniteDifferences([a, positive]) { $0[0] / $0[1] }
    assertGradientsMatchFiniteDifferences([a]) { (-$0[0] * 3 + 1) / 2 - 0.5 }
  }

  func testMatmulWithEveryTranspose() {
    for ta in [false, true] {
      for tb in [false, true] {
        let a = randomTensor(ta ? [4, 3] : [3, 4], &rng)
        let b = randomTensor(tb ? [2, 4] : [4, 2], &rng)
        assertGradientsMatchFiniteDifferences([a, b]) {
          matmul($0[0], $0[1], transposeA: ta, transposeB: tb)
        }
      }
    }
    let batched = randomTensor([2, 3, 4], &rng)
    let kernel = randomTensor([4, 2], &rng)
    assertGradientsMatchFiniteDifferences([batched, kernel]) { matmul($0[0], $0[1]) }
  }

  func testUnaryFunctions() {
    let x = tensorAwayFromZero([3, 4], &rng, in: -2...2)
    let positive = randomTensor([3, 4], &rng, in: 0.5...3)
    assertGradientsMatchFiniteDifferences([x]) { $0[0].relu() }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].sigmoid() }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].tanh() }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].exp() }
    assertGradientsMatchFiniteDifferences([positive]) { $0[0].log() }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].squared() }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].clipped(to: -1.01...1.01) }
  }

  func testSumsAndMeans() {
    let x = randomTensor([2, 3, 4], &rng)
    assertGradientsMatchFiniteDifferences([x]) { $0[0].sum() }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].sum(alongAxes: [0, 2]) }
    assertGradientsMatchFiniteDifferences([x]) {
      $0[0].sum(alongAxes: [1], keepingDimensions: true)
    }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].mean(alongAxes: [-1]) }
    assertGradientsMatchFiniteDifferences([x]) { $0[0].mean() }
  }

  func testShapeOperations() {
    let a = randomTensor([3, 2], &rng)
    let b = randomTensor([3, 1], &rng)
    assertGradientsMatchFiniteDifferences([a, b]) { concat([$0[0], $0[1]], axis: 1) }
    assertGradientsMatchFiniteDifferences([a]) {
      let parts = $0[0].split(sizes: [1, 1], axis: 1)
      return parts[1] * parts[0] + parts[1]
    }
    assertGradientsMatchFiniteDifferences([a]) { $0[0].split(sizes: [2, 1], axis: 0)[0] }
    assertGradientsMatchFiniteDifferences([a]) { $0[0].rows(1..<3).reshaped([4]) }
  }

  func testGatherAndScatterAdd() {
    let table = randomTensor([5, 3], &rng)
    let updates = randomTensor([4, 3], &rng)
    assertGradientsMatchFiniteDifferences([table]) { $0[0].gather(rows: [4, 1, 4, 0]) }
    assertGradientsMatchFiniteDifferences([table, updates]) {
      $0[0].scatterAdd(rows: [2, 2, 0, 4], updates: $0[1])
    }
    // A table also read densely: sparse and dense contributions add up.
    assertGradientsMatchFiniteDifferences([table]) {
      $0[0].gather(rows: [1, 1]).sum(alongAxes: [0]) + $0[0].sum(alongAxes: [0])
    }
  }

  func testSoftmaxFamily() {
    let logits = randomTensor([3, 5], &rng, in: -3...3)
    assertGradientsMatchFiniteDifferences([logits]) { $0[0].logSoftmax() }
    assertGradientsMatchFiniteDifferences([logits]) { $0[0].softmax() }
    let soft = randomTensor([3, 5], &rng, in: 0...1)
    let weights: [Float] = [1, 0.5, 2]
    for reduction in [LossReduction.none, .sum, .sumOverBatchSize] {
      assertGradientsMatchFiniteDifferences([logits]) {
        softmaxCrossEntropy(logits: $0[0], labels: soft, reduction: reduction)
      }
      assertGradientsMatchFiniteDifferences([logits]) {
        softmaxCrossEntropy(
          logits: $0[0], classes: [4, 0, 4], reduction: reduction, sampleWeights: weights)
      }
    }
    // Upstream factor other than 1: the loss scaled after the fact.
    assertGradientsMatchFiniteDifferences([logits]) {
      softmaxCrossEntropy(logits: $0[0], classes: [1, 2, 3], reduction: .sum) * 3
    }
  }

  func testRegressionAndBinaryLosses() {
    let predictions = randomTensor([4, 2], &rng)
    let labels = randomTensor([4, 2], &rng, in: 0...1)
    let probabilities = randomTensor([4, 2], &rng, in: 0.05...0.95)
    let weights: [Float] = [1, 2, 0, 0.5]
    for reduction in [LossReduction.none, .sum, .sumOverBatchSize] {
      assertGradientsMatchFiniteDifferences([predictions]) {
        meanSquaredError(
          predictions: $0[0], labels: labels, reduction: reduction, sampleWeights: weights)
      }
      assertGradientsMatchFiniteDifferences([probabilities]) {
        binaryCrossEntropy(probabilities: $0[0], labels: labels, reduction: reduction)
      }
      assertGradientsMatchFiniteDifferences([predictions]) {
        binaryCrossEntropy(
          logits: $0[0] * 3, labels: labels, reduction: reduction, sampleWeights: weights)
      }
    }
  }

  func testClippedProbabilitiesHaveNoGradient() {
    let tape = Tape()
    let p = tape.watch(Tensor(rows: [[0, 1, 0.5]]))
    let loss = binaryCrossEntropy(probabilities: p, labels: Tensor(rows: [[1, 0, 1]]))
    let g = tape.gradient(of: loss, wrt: [p])[0].densified().scalars
    XCTAssertEqual(g[0], 0)
    XCTAssertEqual(g[1], 0)
    XCTAssertEqual(g[2], -1 / (0.5 + 1e-7) / 3, accuracy: 1e-6)
  }

  func testNormalizationAndPooling() {
    let x = randomTensor([3, 4], &rng)
    assertGradientsMatchFiniteDifferences([x]) { $0[0].l2Normalized() }
    // Rows below epsilon are scaled by 1/sqrt(epsilon) and differentiate as such.
    let tiny = randomTensor([2, 3], &rng, in: -0.01...0.01)
    assertGradientsMatchFiniteDifferences([tiny], step: 1e-4, absoluteTolerance: 0.05) {
      $0[0].l2Normalized(epsilon: 1)
    }
    let sequence = randomTensor([2, 3, 2], &rng)
    assertGradientsMatchFiniteDifferences([sequence]) {
      maskedMean($0[0], mask: [true, false, true, false, false, false])
    }
  }

  func testTwoTowerRetrievalStep() {
    // Query and candidate towers share nothing; the candidate table is used twice.
    let users = randomTensor([6, 4], &rng, in: -0.5...0.5)
    let items = randomTensor([7, 4], &rng, in: -0.5...0.5)
    let projection = randomTensor([4, 4], &rng, in: -0.5...0.5)
    assertGradientsMatchFiniteDifferences([users, items, projection]) { v in
      let q = matmul(v[0].gather(rows: [0, 5, 2]), v[2]).relu()
      let c = v[1].gather(rows: [6, 1, 6])
      let scores = matmul(q, c, transposeB: true)
      return softmaxCrossEntropy(logits: scores, classes: [0, 1, 2], reduction: .sum)
        + (v[1].gather(rows: [3]).squared().sum() * 0.1)
    }
  }
}
