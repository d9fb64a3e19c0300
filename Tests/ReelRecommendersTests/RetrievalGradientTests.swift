import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

/// The general `Retrieval` path differentiated by the tape, against finite differences, for
/// each option alone and combined; and the fused and general paths against each other.
final class RetrievalGradientTests: XCTestCase {
  private struct Options {
    var temperature: Float? = nil
    var hardNegatives: Int? = nil
    var accidentalHits = false
    var logQ = false
    var weights = false
    var mask = false
    var heads: Int? = nil
    var extra = 0
    var reduction = LossReduction.sum
  }

  /// `step` is small for multi-head queries: the maximum over heads has kinks.
  private func check(
    _ name: String, _ o: Options, step: Float = 1e-2, line: UInt = #line
  ) throws {
    var rng = SplitMix64(seed: UInt64(line))
    let (n, d) = (5, 3)
    let m = n + o.extra
    let queries = randomTensor(o.heads.map { [n, $0, d] } ?? [n, d], &rng)
    let candidates = randomTensor([m, d], &rng)
    let weights = o.weights ? (0..<n).map { _ in Float.random(in: 0.5...2, using: &rng) } : nil
    let p = o.logQ ? (0..<m).map { _ in Float.random(in: 0.01...0.5, using: &rng) } : nil
    let ids: [Int64]? = o.accidentalHits ? (0..<m).map { Int64($0 % 3) } : nil
    let mask = o.mask ? (0..<(n * m)).map { i in i % m == i / m || i % 3 != 0 } : nil
    let task = try Retrieval(
      reduction: o.reduction, temperature: o.temperature, numHardNegatives: o.hardNegatives,
      removeAccidentalHits: o.accidentalHits)
    task.allowsFusedKernel = false
    try assertGradientsMatchFiniteDifferences([queries, candidates], step: step, line: line) {
      v in
      try task.loss(
        queries: v[0], candidates: v[1], sampleWeights: weights, candidateSamplingProbability: p,
        candidateIDs: ids, scoreMask: mask)
    }
  }

  func testEachOptionAgainstFiniteDifferences() throws {
    try check("plain", Options())
    try check("mean", Options(reduction: .sumOverBatchSize))
    try check("temperature", Options(temperature: 0.3))
    try check("logQ", Options(logQ: true))
    try check("weights", Options(weights: true))
    try check("extra candidates", Options(extra: 3))
    try check("accidental hits", Options(accidentalHits: true, extra: 2))
    try check("score mask", Options(mask: true, extra: 1))
    try check("hard negatives", Options(hardNegatives: 2, extra: 2))
    try check("heads", Options(heads: 3), step: 1e-3)
  }

  func testCombinationsAgainstFiniteDifferences() throws {
    try check(
      "everything",
      Options(
        temperature: 0.5, hardNegatives: 3, accidentalHits: true, logQ: true, weights: true,
        mask: true, extra: 3, reduction: .sumOverBatchSize))
    try check(
      "heads, temperature, hard negatives",
      Options(temperature: 0.7, hardNegatives: 2, heads: 2, extra: 1), step: 1e-3)
  }

  /// The fused kernel and the general path agree on larger random batches (AVX2 kernels for
  /// d = 16, OpenBLAS blocks for d = 12).
  func testFusedAndGeneralPathsAgree() throws {
    var rng = SplitMix64(seed: 5)
    for (n, m, d) in [(70, 70, 16), (50, 90, 12)] {
      let q = randomTensor([n, d], &rng, in: -2...2)
      let c = randomTensor([m, d], &rng, in: -2...2)
      let p = (0..<m).map { _ in Float.random(in: 0.001...0.2, using: &rng) }
      let w = (0..<n).map { _ in Float.random(in: 0...2, using: &rng) }
      var results: [(Tensor, Tensor, Tensor)] = []
      for fused in [true, false] {
        let task = try Retrieval(reduction: .sumOverBatchSize, temperature: 0.25)
        task.allowsFusedKernel = fused
        let tape = Tape()
        let (qv, cv) = (tape.watch(q), tape.watch(c))
        let loss = try task.loss(
          queries: qv, candidates: cv, sampleWeights: w, candidateSamplingProbability: p)
        let g = tape.gradient(of: loss, wrt: [qv, cv]).map { $0.densified() }
        results.append((loss.value, g[0], g[1]))
      }
      assertClose(results[0].0, results[1].0, "loss \(n)×\(m)×\(d)")
      assertClose(results[0].1, results[1].1, "dQ \(n)×\(m)×\(d)", tolerance: 1e-3)
      assertClose(results[0].2, results[1].2, "dC \(n)×\(m)×\(d)", tolerance: 1e-3)
    }
  }
}
