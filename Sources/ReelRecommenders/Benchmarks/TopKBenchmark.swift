import ReelPipeline
import ReelTensor

/// Measured speed of exact top-k retrieval: ``BruteForce/query(_:k:exclusions:)`` over
/// `candidates` random embeddings of size `dimension`, for `queries` queries, as a
/// ``FactorizedTopK`` evaluation runs it.
///
/// One untimed warm-up run, then `repeats` timed runs; returns the median in queries per
/// second. Meaningful only in release builds on an otherwise quiet machine.
///
///     let rate = bruteForceQueriesPerSecond(candidates: 1682, queries: 20_000, k: 100)
///
/// - Complexity: `repeats + 1` queries of the whole batch.
public func bruteForceQueriesPerSecond(
  candidates: Int, queries: Int, dimension: Int = 32, k: Int = 100, repeats: Int = 3
) throws -> Double {
  precondition(
    candidates > 0 && queries > 0 && dimension > 0 && repeats > 0,
    "bruteForceQueriesPerSecond: sizes and repeats must be positive")
  var rng = SplitMix64(seed: 1)
  func random(_ rows: Int) -> Tensor {
    Tensor(
      shape: [rows, dimension],
      scalars: (0..<(rows * dimension)).map { _ in Float.random(in: -1...1, using: &rng) })
  }
  let index = try BruteForce(candidates: random(candidates))
  let batch = random(queries)
  let clock = ContinuousClock()
  var seconds: [Double] = []
  for run in 0...repeats {
    var result: TopKCandidates?
    let elapsed = try clock.measure { result = try index.query(batch, k: min(k, candidates)) }
    precondition(result?.queryCount == queries, "bruteForceQueriesPerSecond: lost queries")
    if run > 0 {
      let parts = elapsed.components
      seconds.append(Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
    }
  }
  return Double(queries) / seconds.sorted()[seconds.count / 2]
}
