import Foundation
import ReelTensor

/// The area under the ROC curve, approximated over evenly spaced thresholds exactly as Keras's
/// `tf.keras.metrics.AUC()` does by default (`num_thresholds=200`, `curve="ROC"`,
/// `summation_method="interpolation"`, one label per value).
///
/// Each prediction (passed through a sigmoid first when `fromLogits`) is clipped to [0, 1]
/// and falls in bucket `max(ceil(p·(T − 1)) − 1, 0)`; a label counts as positive when it is
/// nonzero. Per threshold `i/(T − 1)` the weighted true/false positives are the buckets at
/// or above `i`; the result is the trapezoid sum of recall over false-positive rate. All
/// values of a batch are pooled, whatever the shape; a row's weight applies to each of its
/// values.
///
///     let auc = AUC()
///     try auc.update(
///       labels: Tensor([0, 0, 1, 1]), predictions: Tensor([0.1, 0.4, 0.35, 0.8]),
///       sampleWeights: nil)
///     auc.result   // 0.75
///
/// - Complexity: O(values) per update; O(T) for the result.
public final class AUC: LabeledMetric, MergeableMetric {
  public let name: String
  /// The number of thresholds T (Keras's `num_thresholds`).
  public let thresholdCount: Int
  /// Whether predictions are logits (Keras's `from_logits`).
  public let fromLogits: Bool
  /// Weighted positives and negatives per bucket; the confusion counts at threshold i are
  /// the sums over buckets ≥ i.
  private var positives: [Double]
  private var negatives: [Double]
  /// Weighted positives and negatives with a NaN prediction: TensorFlow drops them from the
  /// buckets (their index is not a valid segment) but keeps them in the totals, so they count
  /// as false negatives / true negatives at every threshold.
  private var unbucketed = (positives: 0.0, negatives: 0.0)

  /// An AUC called `name` with `thresholds` evenly spaced thresholds.
  ///
  /// - Precondition: `thresholds > 1` (Keras raises a `ValueError` otherwise).
  public init(thresholds: Int = 200, fromLogits: Bool = false, name: String = "auc") {
    precondition(thresholds > 1, "AUC: needs more than one threshold, got \(thresholds)")
    self.name = name
    thresholdCount = thresholds
    self.fromLogits = fromLogits
    positives = Array(repeating: 0, count: thresholds)
    negatives = Array(repeating: 0, count: thresholds)
  }

  public func update(labels: Tensor, predictions: Tensor, sampleWeights: [Float]? = nil) throws {
    let layout = try MetricRows(labels: labels, predictions: predictions, metric: name)
    try layout.check(sampleWeights, metric: name)
    let scale = Float(thresholdCount - 1)
    labels.withUnsafeBufferPointer { y in
      predictions.withUnsafeBufferPointer { p in
        for r in 0..<layout.rows {
          let w = Double(sampleWeights?[r] ?? 1)
          for j in 0..<layout.width {
            let i = r * layout.width + j
            var value = p[i]
            if fromLogits { value = 1 / (1 + Foundation.exp(-value)) }
            if value.isNaN {
              if y[i] != 0 { unbucketed.positives += w } else { unbucketed.negatives += w }
              continue
            }
            value = Swift.min(Swift.max(value, 0), 1)
            let bucket = Swift.max(Int((value * scale).rounded(.up)) - 1, 0)
            if y[i] != 0 {
              positives[bucket] += w
            } else {
              negatives[bucket] += w
            }
          }
        }
      }
    }
  }

  public var result: Float {
    // Cumulative counts from the top threshold down: tp[i] = Σ_{b ≥ i} positives[b].
    let t = thresholdCount
    var tp = [Double](repeating: 0, count: t)
    var fp = [Double](repeating: 0, count: t)
    var (runningTP, runningFP) = (0.0, 0.0)
    for i in stride(from: t - 1, through: 0, by: -1) {
      runningTP += positives[i]
      runningFP += negatives[i]
      tp[i] = runningTP
      fp[i] = runningFP
    }
    let totalPositive = runningTP + unbucketed.positives
    let totalNegative = runningFP + unbucketed.negatives
    func ratio(_ a: Double, _ b: Double) -> Double { b == 0 ? 0 : a / b }
    var area = 0.0
    for i in 0..<(t - 1) {
      let recall0 = ratio(tp[i], totalPositive)
      let recall1 = ratio(tp[i + 1], totalPositive)
      let fpr0 = ratio(fp[i], totalNegative)
      let fpr1 = ratio(fp[i + 1], totalNegative)
      area += (fpr0 - fpr1) * (recall0 + recall1) / 2
    }
    return Float(area)
  }

  public func reset() {
    positives = Array(repeating: 0, count: thresholdCount)
    negatives = Array(repeating: 0, count: thresholdCount)
    unbucketed = (0, 0)
  }

  /// The bucket counts: T positives, T negatives, then the unbucketed positives and negatives.
  public var state: [Double] {
    positives + negatives + [unbucketed.positives, unbucketed.negatives]
  }

  public func restore(state saved: [Double]) throws {
    guard saved.count == 2 * thresholdCount + 2 else {
      throw RecommenderError(
        component: name,
        reason: "a saved state of \(saved.count) numbers, expected \(2 * thresholdCount + 2)")
    }
    positives = Array(saved[0..<thresholdCount])
    negatives = Array(saved[thresholdCount..<(2 * thresholdCount)])
    unbucketed = (saved[2 * thresholdCount], saved[2 * thresholdCount + 1])
  }

  public func merge(_ other: AUC) throws {
    guard other.thresholdCount == thresholdCount else {
      throw RecommenderError(
        component: name,
        reason: "cannot merge an AUC of \(other.thresholdCount) thresholds into one of "
          + "\(thresholdCount)")
    }
    for i in 0..<thresholdCount {
      positives[i] += other.positives[i]
      negatives[i] += other.negatives[i]
    }
    unbucketed.positives += other.unbucketed.positives
    unbucketed.negatives += other.unbucketed.negatives
  }
}
