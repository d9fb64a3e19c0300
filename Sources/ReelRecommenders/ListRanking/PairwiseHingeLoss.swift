/// tensorflow_ranking's `PairwiseHingeLoss` (`tfr.keras.losses.PairwiseHingeLoss()`, no
/// lambda weight): for each list, `Σᵢ Σⱼ I[yᵢ > yⱼ] · max(0, 1 − (sᵢ − sⱼ))` over pairs of
/// valid items (label ≥ 0). The Keras call sums over `j`, so the unreduced output is per
/// item `i` and the default reduction divides by `lists × listSize`.
///
///     let loss = PairwiseHingeLoss()
///     try loss(labels: Tensor(rows: [[1, 0]]), scores: Variable(constant: Tensor(rows: [[0.6, 0.8]])))
///     // max(0, 1 − (0.6 − 0.8)) / 2 = 0.6
///
/// The hinge's gradient at exactly 0 is 0, as TensorFlow's `relu`.
public struct PairwiseHingeLoss: ListRankingLoss {
  public let name = "pairwise_hinge_loss"

  public init() {}

  public func outputsPerList(listSize: Int) -> Int { listSize }

  public func list(labels: [Float], scores: [Float]) -> (outputs: [Double], backward: ([Double]) -> [Double]) {
    let n = labels.count
    var outputs = [Double](repeating: 0, count: n)
    var active: [(Int, Int)] = []
    for i in 0..<n where labels[i] >= 0 {
      for j in 0..<n where labels[j] >= 0 && labels[i] > labels[j] {
        let margin = 1 - (Double(scores[i]) - Double(scores[j]))
        if margin > 0 {
          outputs[i] += margin
          active.append((i, j))
        }
      }
    }
    return (
      outputs,
      { up in
        var g = [Double](repeating: 0, count: n)
        for (i, j) in active {
          g[i] -= up[i]
          g[j] += up[i]
        }
        return g
      }
    )
  }
}
