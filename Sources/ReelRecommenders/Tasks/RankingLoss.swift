import ReelTensor

/// The loss a ``Ranking`` task compares labels and predictions with (a Keras loss).
///
///     let task = Ranking(loss: .meanSquaredError)   // the TFRS ranking tutorials
public enum RankingLoss {
  /// Keras `MeanSquaredError`: the mean over the last axis of `(prediction − label)²`.
  case meanSquaredError
  /// Keras `MeanAbsoluteError`: the mean over the last axis of `|prediction − label|`.
  case meanAbsoluteError
  /// Keras `BinaryCrossentropy()` from probabilities (TFRS `Ranking`'s default):
  /// predictions clipped to [1e-7, 1 − 1e-7].
  case binaryCrossEntropy
  /// Keras `BinaryCrossentropy(from_logits=True)`.
  case binaryCrossEntropyFromLogits
  /// Any other loss: called with the predictions, the labels (reshaped to the predictions'
  /// shape), the reduction and the sample weights; it must return a scalar (or per-example
  /// values for ``LossReduction/none``).
  case custom(
    name: String,
    (_ predictions: Variable, _ labels: Tensor, _ reduction: LossReduction, _ weights: [Float]?)
      -> Variable)

  /// The loss of `predictions` against `labels` (same shape).
  func callAsFunction(
    predictions: Variable, labels: Tensor, reduction: LossReduction, weights: [Float]?
  ) -> Variable {
    switch self {
    case .meanSquaredError:
      return ReelTensor.meanSquaredError(
        predictions: predictions, labels: labels, reduction: reduction, sampleWeights: weights)
    case .binaryCrossEntropy:
      return ReelTensor.binaryCrossEntropy(
        probabilities: predictions, labels: labels, reduction: reduction, sampleWeights: weights)
    case .binaryCrossEntropyFromLogits:
      return ReelTensor.binaryCrossEntropy(
        logits: predictions, labels: labels, reduction: reduction, sampleWeights: weights)
    case .meanAbsoluteError:
      return RankingLoss.meanAbsoluteError(
        predictions: predictions, labels: labels, reduction: reduction, weights: weights)
    case .custom(_, let loss):
      return loss(predictions, labels, reduction, weights)
    }
  }

  /// The mean absolute error over the last axis (`|x| = relu(x) + relu(−x)`, whose gradient
  /// at 0 is 0, as TensorFlow's `abs`), weighted and reduced.
  private static func meanAbsoluteError(
    predictions: Variable, labels: Tensor, reduction: LossReduction, weights: [Float]?
  ) -> Variable {
    let difference = predictions - Variable(constant: labels)
    let absolute = difference.relu() + (-difference).relu()
    let lastAxis = max(predictions.shape.count - 1, 0)
    var perExample = absolute.mean(alongAxes: [lastAxis])
    let examples = perExample.value.scalarCount
    if let weights = weights {
      perExample =
        perExample * Variable(constant: Tensor(shape: perExample.shape, scalars: weights))
    }
    switch reduction {
    case .none: return perExample
    case .sum: return perExample.sum()
    case .sumOverBatchSize:
      return examples == 0 ? perExample.sum() : perExample.sum() * (1 / Float(examples))
    }
  }
}
