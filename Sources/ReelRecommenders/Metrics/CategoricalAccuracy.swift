import ReelTensor

/// How often a row's largest prediction is at its largest label (Keras
/// `CategoricalAccuracy`): `argmax(labels) == argmax(predictions)` per row, the first maximum
/// winning ties, as a weighted mean over rows. A typical batch metric of `Retrieval`, whose
/// labels are the identity matrix.
///
///     let accuracy = CategoricalAccuracy()
///     try accuracy.update(
///       labels: Tensor(rows: [[1, 0], [0, 1]]),
///       predictions: Tensor(rows: [[0.9, 0.1], [0.8, 0.2]]), sampleWeights: nil)
///     accuracy.result   // 0.5
public final class CategoricalAccuracy: LabeledMetric, MergeableMetric {
  public let name: String
  private var accumulated = WeightedTotal()

  /// An accuracy called `name` (Keras's default is `"categorical_accuracy"`).
  public init(name: String = "categorical_accuracy") {
    self.name = name
  }

  public func update(labels: Tensor, predictions: Tensor, sampleWeights: [Float]? = nil) throws {
    guard labels.shape == predictions.shape, labels.rank == 2 else {
      throw RecommenderError(
        component: name,
        reason: "needs labels and predictions of one shape [rows, classes], got "
          + "\(labels.shape) and \(predictions.shape)")
    }
    let layout = MetricRows(predictions)
    try layout.check(sampleWeights, metric: name)
    let width = layout.width
    guard width > 0 else { return }
    labels.withUnsafeBufferPointer { y in
      predictions.withUnsafeBufferPointer { p in
        for r in 0..<layout.rows {
          let base = r * width
          let hit = firstMaximum(y, base, width) == firstMaximum(p, base, width)
          let w = Double(sampleWeights?[r] ?? 1)
          accumulated.total += hit ? w : 0
          accumulated.count += w
        }
      }
    }
  }

  /// The column of the first largest value of a row (`tf.argmax`; NaN is never chosen over a
  /// number that comes first).
  private func firstMaximum(_ values: UnsafeBufferPointer<Float>, _ base: Int, _ width: Int)
    -> Int
  {
    var best = 0
    for j in 1..<width where values[base + j] > values[base + best] { best = j }
    return best
  }

  public var result: Float { Float(accumulated.mean) }

  public func reset() { accumulated = WeightedTotal() }

  /// The running weighted total and weight, `[total, count]`.
  public var state: [Double] { accumulated.values }

  public func restore(state saved: [Double]) throws {
    accumulated = try WeightedTotal(values: saved, metric: name)
  }

  public func merge(_ other: CategoricalAccuracy) throws { accumulated.add(other.accumulated) }
}
