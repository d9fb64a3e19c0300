import ReelTensor

/// A listwise ranking loss as tensorflow_ranking's Keras losses define them
/// (`tfr.keras.losses.*`): `labels` and `scores` are `[lists, listSize]`; an item whose label
/// is negative is padding (`utils.is_label_valid`: label ≥ 0) and takes no part; the Keras
/// call's unreduced output (per item or per list, as each loss says) is reduced by
/// ``LossReduction`` (Keras's default `SUM_OVER_BATCH_SIZE` divides by the number of those
/// outputs, padding included).
///
///     let loss = PairwiseHingeLoss()
///     let value = try loss(labels: Tensor(rows: [[1, 0]]), scores: scores)   // 0.6 for [[0.6, 0.8]]
///
/// Sample weights are per list: each list's outputs are multiplied by its weight (what
/// tensorflow_ranking does with `[lists, 1]` weights; ListMLE also zeroes lists whose labels
/// sum to 0, as its weight normalization does).
public protocol ListRankingLoss {
  /// The Keras name (`mean_squared_loss`, `pairwise_hinge_loss`, `list_mle_loss`).
  var name: String { get }
  /// Unreduced outputs per list: `listSize` (per-item losses) or 1 (one loss per list).
  func outputsPerList(listSize: Int) -> Int
  /// The unreduced outputs of one list and the function that maps their upstream gradient
  /// to the gradient of the list's scores. Padding items are those with `labels[i] < 0`.
  func list(labels: [Float], scores: [Float]) -> (outputs: [Double], backward: ([Double]) -> [Double])
}

extension ListRankingLoss {
  /// The loss of `scores` against `labels` (both `[lists, listSize]`), reduced by
  /// `reduction` (`.none`: `[lists, outputsPerList]`), recorded on the tape of `scores`.
  ///
  /// - Throws: ``RecommenderError`` naming the loss when the shapes differ, are not rank 2,
  ///   or `sampleWeights` does not hold one weight per list.
  /// - Complexity: O(lists · listSize²) for the pairwise loss, O(lists · listSize · log) for
  ///   ListMLE, O(lists · listSize) for mean squared.
  public func callAsFunction(
    labels: Tensor, scores: Variable, reduction: LossReduction = .sumOverBatchSize,
    sampleWeights: [Float]? = nil
  ) throws -> Variable {
    guard labels.shape == scores.shape, labels.rank == 2 else {
      throw RecommenderError(
        component: name,
        reason: "labels \(labels.shape) and scores \(scores.shape) must both be [lists, listSize]")
    }
    let (lists, size) = (labels.shape[0], labels.shape[1])
    if let w = sampleWeights, w.count != lists {
      throw RecommenderError(component: name, reason: "\(w.count) sample weights for \(lists) lists")
    }
    return reduced(
      labels: labels.scalars, scores: scores, lists: lists, size: size, reduction: reduction,
      weights: sampleWeights)
  }

  private func reduced(
    labels: [Float], scores: Variable, lists: Int, size: Int, reduction: LossReduction,
    weights: [Float]?
  ) -> Variable {
    let s = scores.value.scalars
    let per = outputsPerList(listSize: size)
    var outputs = [Double](repeating: 0, count: lists * per)
    var backwards: [([Double]) -> [Double]] = []
    backwards.reserveCapacity(lists)
    for b in 0..<lists {
      let range = b * size..<(b + 1) * size
      let (values, backward) = list(labels: Array(labels[range]), scores: Array(s[range]))
      let w = Double(weights?[b] ?? 1)
      for k in 0..<per { outputs[b * per + k] = w * values[k] }
      backwards.append(backward)
    }
    let count = outputs.count
    let scale: Double
    switch reduction {
    case .none: scale = 1
    case .sum: scale = 1
    case .sumOverBatchSize: scale = count == 0 ? 0 : 1 / Double(count)
    }
    let value: Tensor
    if reduction == .none {
      value = Tensor(shape: [lists, per], scalars: outputs.map { Float($0) })
    } else {
      value = Tensor(Float(outputs.reduce(0, +) * scale))
    }
    return Variable.recording(value, inputs: [scores]) { upstream, needs in
      guard needs[0] else { return [nil] }
      let up = upstream.scalars
      var grad = [Float](repeating: 0, count: lists * size)
      for b in 0..<lists {
        let w = Double(weights?[b] ?? 1)
        let g = (0..<per).map { k in
          w * scale * Double(reduction == .none ? up[b * per + k] : up[0])
        }
        let rows = backwards[b](g)
        for i in 0..<size { grad[b * size + i] = Float(rows[i]) }
      }
      return [.dense(Tensor(shape: [lists, size], scalars: grad))]
    }
  }
}
