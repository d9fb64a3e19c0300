/// How a loss combines per-example values, as Keras's `Reduction`.
///
///     // TFRS Retrieval sums over the batch; Keras losses default to the mean.
///     let retrieval = LossReduction.sum
///     let keras = LossReduction.sumOverBatchSize
public enum LossReduction: Sendable {
  /// The weighted per-example losses, unreduced.
  case none
  /// `Σ wᵢ·lossᵢ` (TFRS `Retrieval`'s default).
  case sum
  /// `Σ wᵢ·lossᵢ / n`, with n the number of examples, not the sum of the weights (Keras's
  /// default `SUM_OVER_BATCH_SIZE`; 0 for an empty batch).
  case sumOverBatchSize
}

/// Applies a ``LossReduction`` and sample weights to per-example losses, and gives each
/// example's factor in the reduced loss for the backward pass.
struct LossReducer {
  let reduction: LossReduction
  let weights: [Float]?
  /// The shape of the per-example losses.
  let exampleShape: [Int]
  let count: Int

  init(reduction: LossReduction, weights: [Float]?, exampleShape: [Int], loss: String) {
    self.reduction = reduction
    self.weights = weights
    self.exampleShape = exampleShape
    count = exampleShape.reduce(1, *)
    if let weights = weights {
      precondition(
        weights.count == count,
        "\(loss): \(weights.count) sample weights for \(count) examples")
    }
  }

  /// `d(reduced loss)/d(lossᵢ)` when the reduced loss's own gradient is 1 (scalar
  /// reductions) or 1 per example (``LossReduction/none``).
  var unitFactors: [Float] {
    let scale: Float = reduction == .sumOverBatchSize ? 1 / Float(Swift.max(count, 1)) : 1
    return weights.map { $0.map { $0 * scale } } ?? Array(repeating: scale, count: count)
  }

  /// Each example's factor given the upstream gradient of the reduced loss.
  func factors(upstream: Tensor) -> [Float] {
    let unit = unitFactors
    if reduction == .none {
      return upstream.withUnsafeBufferPointer { g in zip(unit, g).map { $0 * $1 } }
    }
    let g = upstream.scalar
    return g == 1 ? unit : unit.map { $0 * g }
  }

  /// The reduced loss of `losses` (per-example, unweighted).
  func reduce(_ losses: [Float]) -> Tensor {
    let weighted = weights.map { zip(losses, $0).map { $0 * $1 } } ?? losses
    switch reduction {
    case .none:
      return Tensor(shape: exampleShape, scalars: weighted)
    case .sum:
      return Tensor(Float(weighted.reduce(0.0) { $0 + Double($1) }))
    case .sumOverBatchSize:
      let total = weighted.reduce(0.0) { $0 + Double($1) }
      return Tensor(count == 0 ? 0 : Float(total / Double(count)))
    }
  }
}
