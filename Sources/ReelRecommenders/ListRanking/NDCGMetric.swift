import Foundation
import ReelPipeline
import ReelTensor

/// Normalized discounted cumulative gain as tensorflow_ranking's Keras metric
/// (`tfr.keras.metrics.NDCGMetric()`, default `topn=None`, gain `2^label − 1`, discount
/// `1 / log2(1 + rank)`), averaged over lists.
///
/// For each `[listSize]` row of labels and scores: padding items (label < 0) get label 0 and
/// the row's lowest score minus 1e-6 and sort last; items are ranked by score, ties in a
/// random order (tensorflow_ranking's `shuffle_ties`; drawn here from a seeded
/// ``SplitMix64``); `DCG = Σ gain(label) · discount(rank)`, divided by the DCG of the ideal
/// order (0 when that is 0: a list whose labels are all 0 or padding scores 0). Every list
/// counts with weight 1 in the mean (tensorflow_ranking gives lists without relevant items
/// the average weight of the others, which is 1 when weights are 1). Sample weights are per
/// list and multiply that weight.
///
///     let ndcg = NDCGMetric()
///     try ndcg.update(labels: Tensor(rows: [[0, 1, 2]]), predictions: Tensor(rows: [[0.3, 0.1, 0.5]]))
///     ndcg.result   // (3 + 0 + 1/2) / (3 + 1/log2(3)) = 0.9639
///
/// - Complexity: O(listSize · log listSize) per list.
public final class NDCGMetric: LabeledMetric, MergeableMetric {
  public let name: String
  private var accumulated = WeightedTotal()
  private var rng: SplitMix64

  /// A metric called `name` (the listwise tutorial names it `ndcg_metric`), breaking score
  /// ties with draws seeded by `seed`.
  public init(name: String = "ndcg_metric", seed: UInt64 = 0) {
    self.name = name
    rng = SplitMix64(seed: seed)
  }

  /// The NDCG of one list.
  public static func ndcg<G: RandomNumberGenerator>(
    labels: [Float], scores: [Float], using rng: inout G
  ) -> Double {
    let n = labels.count
    guard n > 0 else { return 0 }
    let valid = labels.map { $0 >= 0 }
    let gains = labels.indices.map { valid[$0] ? Foundation.pow(2, Double(labels[$0])) - 1 : 0 }
    let floor = (scores.min() ?? 0) - 1e-6
    let keys = scores.indices.map { valid[$0] ? scores[$0] : floor }
    var order = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) {
      order.swapAt(i, Int(rng.next(upperBound: UInt64(i + 1))))
    }
    // Valid items first, then by score descending; ties keep the shuffled order.
    let ranked = order.enumerated().sorted { a, b in
      let (x, y) = (a.element, b.element)
      if valid[x] != valid[y] { return valid[x] }
      return keys[x] != keys[y] ? keys[x] > keys[y] : a.offset < b.offset
    }.map(\.element)
    func discount(_ rank: Int) -> Double { 1 / Foundation.log2(1 + Double(rank)) }
    var dcg = 0.0
    for (r, item) in ranked.enumerated() { dcg += gains[item] * discount(r + 1) }
    var ideal = 0.0
    for (r, gain) in gains.sorted(by: >).enumerated() { ideal += gain * discount(r + 1) }
    return ideal > 0 ? dcg / ideal : 0
  }

  /// Accumulates the lists of `labels` and `predictions` (`[lists, listSize]`, or `[listSize]`
  /// for one list).
  ///
  /// - Throws: ``RecommenderError`` when the shapes differ or the weights do not match.
  public func update(labels: Tensor, predictions: Tensor, sampleWeights: [Float]? = nil) throws {
    guard labels.shape == predictions.shape, labels.rank == 1 || labels.rank == 2 else {
      throw RecommenderError(
        component: name,
        reason: "labels \(labels.shape) and predictions \(predictions.shape) must both be "
          + "[lists, listSize]")
    }
    let lists = labels.rank == 1 ? 1 : labels.shape[0]
    let size = labels.rank == 1 ? labels.shape[0] : labels.shape[1]
    if let w = sampleWeights, w.count != lists {
      throw RecommenderError(component: name, reason: "\(w.count) sample weights for \(lists) lists")
    }
    let y = labels.scalars
    let s = predictions.scalars
    for b in 0..<lists {
      let range = b * size..<(b + 1) * size
      let value = Self.ndcg(labels: Array(y[range]), scores: Array(s[range]), using: &rng)
      let w = Double(sampleWeights?[b] ?? 1)
      accumulated.total += w * value
      accumulated.count += w
    }
  }

  public var result: Float { Float(accumulated.mean) }

  public func reset() { accumulated = WeightedTotal() }

  /// The running weighted total and weight, `[total, count]`.
  public var state: [Double] { accumulated.values }

  public func restore(state saved: [Double]) throws {
    accumulated = try WeightedTotal(values: saved, metric: name)
  }

  public func merge(_ other: NDCGMetric) throws { accumulated.add(other.accumulated) }
}
