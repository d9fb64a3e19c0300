import Foundation
import ReelPipeline

/// tensorflow_ranking's `ListMLELoss` (`tfr.keras.losses.ListMLELoss()`, its default
/// `lambda_weight=None`, temperature 1): the negative Plackett–Luce log-likelihood of the
/// items in label order,
/// `Σₖ [log Σ_{t ≥ k} exp(s_{π(t)}) − s_{π(k)}]`, with π the items sorted by label,
/// descending. One output per list, so the default reduction is the mean over lists.
///
/// As tensorflow_ranking does: padding items (label < 0) get label 0, score `log(1e-10)` and
/// sort last; items with equal labels are put in a random order (its `shuffle_ties=True`),
/// drawn here from a ``SplitMix64`` the loss owns, so the same seed gives the same losses
/// (tensorflow_ranking's draws come from TensorFlow's RNG and cannot be reproduced).
///
///     let loss = ListMLELoss(seed: 42)
///     try loss(labels: Tensor(rows: [[1, 0]]), scores: Variable(constant: Tensor(rows: [[0.6, 0.8]])))
///     // log(e^0.6 + e^0.8) − 0.6 + 0 = 0.7981389
///
/// - Complexity: O(listSize · log listSize) per list.
public final class ListMLELoss: ListRankingLoss {
  public let name = "list_mle_loss"
  private var rng: SplitMix64

  /// A loss whose tie shuffles are drawn with `seed`.
  public init(seed: UInt64 = 37) { rng = SplitMix64(seed: seed) }

  public func outputsPerList(listSize: Int) -> Int { 1 }

  public func list(labels: [Float], scores: [Float]) -> (outputs: [Double], backward: ([Double]) -> [Double]) {
    let n = labels.count
    guard n > 0 else { return ([0], { _ in [] }) }
    let valid = labels.map { $0 >= 0 }
    let cleaned = labels.indices.map { valid[$0] ? labels[$0] : 0 }
    let floor = (cleaned.min() ?? 0) - 1e-6
    let keys = labels.indices.map { valid[$0] ? cleaned[$0] : floor }
    let logEpsilon = Double(Foundation.log(Float(1e-10)))
    let logits = labels.indices.map { valid[$0] ? Double(scores[$0]) : logEpsilon }
    // Random order, then a stable sort by key (descending): ties end up shuffled.
    var order = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
    let sorted = order.enumerated().sorted { a, b in
      keys[a.element] != keys[b.element] ? keys[a.element] > keys[b.element] : a.offset < b.offset
    }.map(\.element)
    let z = sorted.map { logits[$0] }
    let top = z.max()!
    let e = z.map { Foundation.exp($0 - top) }
    var tails = [Double](repeating: 0, count: n)  // Σ_{t ≥ k} e_t
    var running = 0.0
    for k in stride(from: n - 1, through: 0, by: -1) {
      running += e[k]
      tails[k] = running
    }
    var nll = 0.0
    for k in 0..<n { nll += Foundation.log(tails[k]) - (z[k] - top) }
    return (
      [nll],
      { up in
        // ∂nll/∂z_t = Σ_{k ≤ t} e_t / tails[k] − 1; padding scores are constants.
        var g = [Double](repeating: 0, count: n)
        var inverse = 0.0
        for t in 0..<n {
          inverse += 1 / tails[t]
          let item = sorted[t]
          if valid[item] { g[item] = up[0] * (e[t] * inverse - 1) }
        }
        return g
      }
    )
  }
}
