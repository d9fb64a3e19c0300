import ReelPipeline
import XCTest

@testable import ReelTensor

final class DotProductLossTests: XCTestCase {
  var rng = SplitMix64(seed: 77)

  func testFusedLossEqualsScoresThenCrossEntropy() {
    let queries = randomTensor([10, 4], &rng)
    let candidates = randomTensor([13, 4], &rng)
    let classes: [Int32] = [0, 12, 3, 3, 7, 1, 0, 9, 11, 5]
    let offsets = (0..<13).map { _ in Float.random(in: -1...0, using: &rng) }
    let weights = (0..<10).map { _ in Float.random(in: 0...2, using: &rng) }
    for (reduction, temperature, blockRows) in [
      (LossReduction.sum, Float(1), 3), (.sumOverBatchSize, 0.5, 4), (.sum, 0.2, 64),
    ] {
      let tape = Tape()
      let q = tape.watch(queries)
      let c = tape.watch(candidates)
      let fused = dotProductSoftmaxCrossEntropy(
        queries: q, candidates: c, classes: classes, temperature: temperature,
        columnOffsets: offsets, reduction: reduction, sampleWeights: weights,
        blockRows: blockRows)
      let logits =
        matmul(q, c, transposeB: true) / temperature
        + Variable(constant: Tensor(shape: [13], scalars: offsets))
      let plain = softmaxCrossEntropy(
        logits: logits, classes: classes, reduction: reduction, sampleWeights: weights)
      XCTAssertEqual(fused.value.scalar, plain.value.scalar, accuracy: 1e-4)
      let fusedGrads = tape.gradient(of: fused * 2, wrt: [q, c]).map { $0.densified() }
      let plainGrads = tape.gradient(of: plain * 2, wrt: [q, c]).map { $0.densified() }
      for (a, b) in zip(fusedGrads, plainGrads) {
        XCTAssertEqual(a.shape, b.shape)
        for (x, y) in zip(a.scalars, b.scalars) { XCTAssertEqual(x, y, accuracy: 1e-5) }
      }
    }
  }

  func testFusedLossGradientsMatchFiniteDifferences() {
    let queries = randomTensor([5, 3], &rng)
    let candidates = randomTensor([7, 3], &rng)
    assertGradientsMatchFiniteDifferences([queries, candidates]) {
      dotProductSoftmaxCrossEntropy(
        queries: $0[0], candidates: $0[1], classes: [0, 1, 2, 6, 6], temperature: 0.7,
        columnOffsets: nil, reduction: .sum, sampleWeights: nil, blockRows: 2)
    }
  }

  func testEmbeddingTowersGetSparseGradients() {
    let users = Parameter(name: "users", value: randomTensor([6, 2], &rng))
    let items = Parameter(name: "items", value: randomTensor([9, 2], &rng))
    let tape = Tape()
    let q = tape.watch(users).gather(rows: [1, 4, 1])
    let c = tape.watch(items).gather(rows: [8, 0, 2])
    let loss = dotProductSoftmaxCrossEntropy(queries: q, candidates: c, classes: [0, 1, 2])
    let grads = tape.gradient(of: loss, wrt: [users, items])
    guard case .sparse(let gu) = grads[0], case .sparse(let gi) = grads[1] else {
      return XCTFail("expected sparse tower gradients")
    }
    XCTAssertEqual(gu.indices, [1, 4])
    XCTAssertEqual(gi.indices, [0, 2, 8])
  }
}
