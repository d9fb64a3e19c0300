import ReelTensor

/// The weighted mean of every value seen (Keras `tf.keras.metrics.Mean`).
///
/// A row's weight applies to each of its elements, so a row of `d` values with weight `w`
/// adds `w·Σ values` to the total and `d·w` to the count. The result is 0 before any value
/// (Keras's `divide_no_nan`).
///
///     let mean = Mean(name: "loss")
///     mean.update(4)
///     try mean.update(values: Tensor([1, 3]), sampleWeights: [1, 3])
///     mean.result   // (4 + 1 + 9) / (1 + 1 + 3) = 2.8
public final class Mean: ValueMetric, MergeableMetric {
  public let name: String
  private var accumulated = WeightedTotal()

  /// A mean called `name` (Keras's default name is `"mean"`).
  public init(name: String = "mean") {
    self.name = name
  }

  /// Adds one value with weight `weight`.
  public func update(_ value: Float, weight: Float = 1) {
    accumulated.total += Double(value) * Double(weight)
    accumulated.count += Double(weight)
  }

  public func update(values: Tensor, sampleWeights: [Float]? = nil) throws {
    let layout = MetricRows(values)
    try layout.check(sampleWeights, metric: name)
    values.withUnsafeBufferPointer { v in
      for r in 0..<layout.rows {
        let w = Double(sampleWeights?[r] ?? 1)
        var rowSum = 0.0
        for j in 0..<layout.width { rowSum += Double(v[r * layout.width + j]) }
        accumulated.total += w * rowSum
        accumulated.count += w * Double(layout.width)
      }
    }
  }

  public var result: Float { Float(accumulated.mean) }

  public func reset() { accumulated = WeightedTotal() }

  /// The running weighted total and weight, `[total, count]`.
  public var state: [Double] { accumulated.values }

  public func restore(state saved: [Double]) throws {
    accumulated = try WeightedTotal(values: saved, metric: name)
  }

  public func merge(_ other: Mean) throws { accumulated.add(other.accumulated) }
}
