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

  func testRegisterKernelsAgreeWithBLASPath() throws {
    try XCTSkipUnless(RowKernels.usesAVX2, "no AVX2 + FMA on this CPU")
    for (nq, nc, d, blockRows) in [
      (9, 37, 8, 4), (17, 16, 32, 3), (5, 70, 40, 64), (33, 45, 64, 8), (6, 200, 96, 5),
    ] {
      let queries = randomTensor([nq, d], &rng)
      let candidates = randomTensor([nc, d], &rng)
      let classes = (0..<nq).map { _ in Int32(rng.next(below: nc)) }
      let offsets = (0..<nc).map { _ in Float.random(in: -1...0, using: &rng) }
      let scales = (0..<nq).map { _ in Float.random(in: 0...2, using: &rng) }
      let results = [ScoreCrossEntropyKernel.Path.blas, .registerKernels].map { path in
        ScoreCrossEntropyKernel.run(
          queries: queries, candidates: candidates, classes: classes, temperature: 0.5,
          columnOffsets: offsets, rowScales: scales, wantsQueryGradient: true,
          wantsCandidateGradient: true, blockRows: blockRows, path: path)
      }
      let label = "nq \(nq) nc \(nc) d \(d)"
      for (a, b) in zip(results[0].losses, results[1].losses) {
        XCTAssertEqual(a, b, accuracy: 1e-4, label)
      }
      for (a, b) in zip(results[0].queryGradient!.scalars, results[1].queryGradient!.scalars) {
        XCTAssertEqual(a, b, accuracy: 1e-4, label)
      }
      for (a, b) in zip(
        results[0].candidateGradient!.scalars, results[1].candidateGradient!.scalars)
      {
        XCTAssertEqual(a, b, accuracy: 1e-4, label)
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
    // d = 8 takes the register-kernel path where the CPU has AVX2.
    let wide = randomTensor([5, 8], &rng)
    let wideCandidates = randomTensor([19, 8], &rng)
    assertGradientsMatchFiniteDifferences([wide, wideCandidates]) {
      dotProductSoftmaxCrossEntropy(
        queries: $0[0], candidates: $0[1], classes: [0, 18, 2, 6, 6], temperature: 0.7,
        columnOffsets: nil, reduction: .sumOverBatchSize, sampleWeights: nil, blockRows: 2)
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
