import ReelTensor

/// `sqrt(Σ w·(prediction − label)² / Σ w)` over every element seen (Keras
/// `RootMeanSquaredError`): each element of a row counts with the row's weight.
///
///     let rmse = RootMeanSquaredError()
///     try rmse.update(labels: Tensor([3, 5]), predictions: Tensor([4, 5]), sampleWeights: nil)
///     rmse.result   // sqrt(1 / 2) = 0.70710677
public final class RootMeanSquaredError: LabeledMetric, MergeableMetric {
  public let name: String
  private var accumulated = WeightedTotal()

  /// An RMSE called `name` (Keras's default is `"root_mean_squared_error"`).
  public init(name: String = "root_mean_squared_error") {
    self.name = name
  }

  public func update(labels: Tensor, predictions: Tensor, sampleWeights: [Float]? = nil) throws {
    let layout = try MetricRows(labels: labels, predictions: predictions, metric: name)
    try layout.check(sampleWeights, metric: name)
    labels.withUnsafeBufferPointer { y in
      predictions.withUnsafeBufferPointer { p in
        for r in 0..<layout.rows {
          let w = Double(sampleWeights?[r] ?? 1)
          var rowSum = 0.0
          for j in 0..<layout.width {
            let e = Double(p[r * layout.width + j] - y[r * layout.width + j])
            rowSum += e * e
          }
          accumulated.total += w * rowSum
          accumulated.count += w * Double(layout.width)
        }
      }
    }
  }

  public var result: Float { Float(accumulated.mean.squareRoot()) }

  public func reset() { accumulated = WeightedTotal() }

  /// The running weighted total and weight, `[total, count]`.
  public var state: [Double] { accumulated.values }

  public func restore(state saved: [Double]) throws {
    accumulated = try WeightedTotal(values: saved, metric: name)
  }

  public func merge(_ other: RootMeanSquaredError) throws { accumulated.add(other.accumulated) }
}
