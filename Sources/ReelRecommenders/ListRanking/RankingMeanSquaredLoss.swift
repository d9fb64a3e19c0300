/// tensorflow_ranking's `MeanSquaredLoss` (`tfr.keras.losses.MeanSquaredLoss()`): per item
/// `(label − score)²`, 0 for padding (label < 0); the unreduced output is per item, so the
/// default reduction divides the sum by `lists × listSize` (padding included).
///
///     let loss = RankingMeanSquaredLoss()
///     try loss(labels: Tensor(rows: [[1, 0]]), scores: Variable(constant: Tensor(rows: [[0.6, 0.8]])))
///     // ((1 − 0.6)² + (0 − 0.8)²) / 2 = 0.4
public struct RankingMeanSquaredLoss: ListRankingLoss {
  public let name = "mean_squared_loss"

  public init() {}

  public func outputsPerList(listSize: Int) -> Int { listSize }

  public func list(labels: [Float], scores: [Float]) -> (outputs: [Double], backward: ([Double]) -> [Double]) {
    let valid = labels.map { $0 >= 0 }
    let diff = labels.indices.map { i in valid[i] ? Double(scores[i]) - Double(labels[i]) : 0 }
    return (
      diff.map { $0 * $0 },
      { up in diff.indices.map { i in 2 * diff[i] * up[i] } }
    )
  }
}
