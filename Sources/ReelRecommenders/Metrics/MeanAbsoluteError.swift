import ReelTensor

/// The weighted mean over rows of each row's mean absolute error (Keras
/// `MeanAbsoluteError`: `mean(|prediction − label|)` over the last axis, then a `Mean` with
/// one weight per row).
///
/// Keras quirk, kept: when the inputs are one value per example (`[n]` labels against `[n]`
/// or `[n, 1]` predictions, which Keras squeezes to rank 1), "the last axis" is the batch, so
/// an unweighted batch adds its mean absolute error as **one** value: every batch counts the
/// same, whatever its size. (With sample weights Keras raises an error there; Reel weights
/// each example instead.) Give `[n, 1]` labels and predictions for a per-example mean.
///
///     let mae = MeanAbsoluteError()
///     try mae.update(
///       labels: Tensor(rows: [[3], [5]]), predictions: Tensor(rows: [[4], [5]]),
///       sampleWeights: [1, 3])
///     mae.result   // (1·1 + 3·0) / 4 = 0.25
public final class MeanAbsoluteError: LabeledMetric, MergeableMetric {
  public let name: String
  private var accumulated = WeightedTotal()

  /// An MAE called `name` (Keras's default is `"mean_absolute_error"`).
  public init(name: String = "mean_absolute_error") {
    self.name = name
  }

  public func update(labels: Tensor, predictions: Tensor, sampleWeights: [Float]? = nil) throws {
    let layout = try MetricRows(labels: labels, predictions: predictions, metric: name)
    try layout.check(sampleWeights, metric: name)
    if MeanAbsoluteError.squeezedRank(labels.shape, predictions.shape) <= 1
      && sampleWeights == nil
    {
      addBatchMean(labels, predictions)
      return
    }
    let width = layout.width
    guard width > 0 else { return }
    labels.withUnsafeBufferPointer { y in
      predictions.withUnsafeBufferPointer { p in
        for r in 0..<layout.rows {
          var rowSum = 0.0
          for j in 0..<width { rowSum += Double(abs(p[r * width + j] - y[r * width + j])) }
          let w = Double(sampleWeights?[r] ?? 1)
          accumulated.total += w * rowSum / Double(width)
          accumulated.count += w
        }
      }
    }
  }

  /// Keras's quirk for rank-1 inputs: the batch's mean absolute error, counted once.
  private func addBatchMean(_ labels: Tensor, _ predictions: Tensor) {
    let n = predictions.scalarCount
    var sum = 0.0
    labels.withUnsafeBufferPointer { y in
      predictions.withUnsafeBufferPointer { p in
        for i in 0..<n { sum += Double(abs(p[i] - y[i])) }
      }
    }
    // Keras's mean over an empty axis is NaN; an empty batch adds nothing here.
    guard n > 0 else { return }
    accumulated.total += sum / Double(n)
    accumulated.count += 1
  }

  /// The rank of the inputs after Keras's `squeeze_or_expand_dimensions` (a trailing
  /// dimension of 1 on the higher-rank side is dropped).
  static func squeezedRank(_ labels: [Int], _ predictions: [Int]) -> Int {
    if predictions.count == labels.count + 1 && predictions.last == 1 { return labels.count }
    if labels.count == predictions.count + 1 && labels.last == 1 { return predictions.count }
    return labels.count
  }

  public var result: Float { Float(accumulated.mean) }

  public func reset() { accumulated = WeightedTotal() }

  /// The running weighted total and weight, `[total, count]`.
  public var state: [Double] { accumulated.values }

  public func restore(state saved: [Double]) throws {
    accumulated = try WeightedTotal(values: saved, metric: name)
  }

  public func merge(_ other: MeanAbsoluteError) throws { accumulated.add(other.accumulated) }
}
