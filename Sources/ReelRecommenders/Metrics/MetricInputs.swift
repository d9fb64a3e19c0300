import ReelTensor

/// The row structure of a metric's inputs: `rows` examples of `width` values each.
struct MetricRows {
  let rows: Int
  let width: Int

  /// The rows of `tensor`: its first dimension (1 row for a scalar).
  init(_ tensor: Tensor) {
    rows = tensor.rank == 0 ? 1 : tensor.shape[0]
    width = rows == 0 ? 0 : tensor.scalarCount / rows
  }

  /// The rows shared by `labels` and `predictions`, after Keras's squeezing of a trailing
  /// dimension of 1.
  init(labels: Tensor, predictions: Tensor, metric: String) throws {
    let (a, b) = (labels.shape, predictions.shape)
    let compatible = a == b || a + [1] == b || b + [1] == a
    guard compatible else {
      throw RecommenderError(
        component: metric, reason: "labels of shape \(a) do not match predictions of shape \(b)")
    }
    self.init(predictions)
  }

  /// `weights` checked to hold one weight per row.
  func check(_ weights: [Float]?, metric: String) throws {
    if let weights = weights, weights.count != rows {
      throw RecommenderError(
        component: metric, reason: "\(weights.count) sample weights for \(rows) rows")
    }
  }
}
