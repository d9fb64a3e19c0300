import ReelTensor

/// The loss and metrics of a model that predicts a label per example, such as a rating
/// (TFRS's `tasks.Ranking`).
///
///     let task = Ranking(loss: .meanSquaredError, metrics: [RootMeanSquaredError()])
///     let tape = Tape()
///     let predicted = try ratingModel(batch, tape: tape)          // [n, 1]
///     let loss = try task.loss(labels: ratings, predictions: predicted)
///     task.metricResults   // [root_mean_squared_error: 1.11]
///
/// The loss is a Keras loss with Keras's default reduction (the weighted sum divided by the
/// number of examples). Metrics are updated in TFRS's order: ``metrics`` with (labels,
/// predictions), ``predictionMetrics`` with the predictions, ``labelMetrics`` with the
/// labels, ``lossMetrics`` with the loss.
public final class Ranking: RecommenderTask {
  public let name: String
  /// The loss function.
  public let lossFunction: RankingLoss
  /// How per-example losses are combined (Keras's default: `.sumOverBatchSize`).
  public let reduction: LossReduction
  /// Metrics of labels against predictions (RMSE, MAE, AUC, …).
  public var labeledMetrics: [any LabeledMetric]
  /// Metrics of the predictions alone.
  public var predictionMetrics: [any ValueMetric]
  /// Metrics of the labels alone.
  public var labelMetrics: [any ValueMetric]
  /// Metrics of the loss value.
  public var lossMetrics: [any ValueMetric]

  /// A ranking task. TFRS's default loss is binary cross-entropy from probabilities; its
  /// tutorials use `.meanSquaredError` with a `RootMeanSquaredError` metric.
  public init(
    loss: RankingLoss = .binaryCrossEntropy, reduction: LossReduction = .sumOverBatchSize,
    metrics: [any LabeledMetric] = [], predictionMetrics: [any ValueMetric] = [],
    labelMetrics: [any ValueMetric] = [], lossMetrics: [any ValueMetric] = [],
    name: String = "ranking"
  ) {
    self.name = name
    lossFunction = loss
    self.reduction = reduction
    labeledMetrics = metrics
    self.predictionMetrics = predictionMetrics
    self.labelMetrics = labelMetrics
    self.lossMetrics = lossMetrics
  }

  /// Labeled, prediction, label and loss metrics, in TFRS's update order.
  public var metrics: [any Metric] {
    labeledMetrics.map { $0 as any Metric } + predictionMetrics.map { $0 as any Metric }
      + labelMetrics.map { $0 as any Metric } + lossMetrics.map { $0 as any Metric }
  }

  /// The loss of one batch, recorded on the tape of `predictions`, after updating the
  /// metrics (unless `computeMetrics` is false).
  ///
  /// - Parameters:
  ///   - labels: the targets: the predictions' shape, or without its trailing dimension of 1
  ///     (`[n]` ratings for `[n, 1]` predictions).
  ///   - predictions: the model's output, `[n]` or `[n, …]`.
  ///   - sampleWeights: one weight per example.
  /// - Throws: ``RecommenderError`` when the shapes or the weights do not match.
  public func loss(
    labels: Tensor, predictions: Variable, sampleWeights: [Float]? = nil,
    computeMetrics: Bool = true
  ) throws -> Variable {
    let (a, b) = (labels.shape, predictions.shape)
    guard a == b || a + [1] == b || b + [1] == a, !b.isEmpty else {
      throw RecommenderError(
        component: name, reason: "labels of shape \(a) do not match predictions of shape \(b)")
    }
    if let w = sampleWeights, w.count != b[0] {
      throw RecommenderError(
        component: name, reason: "\(w.count) sample weights for \(b[0]) examples")
    }
    let loss = lossFunction(
      predictions: predictions, labels: labels.reshaped(b), reduction: reduction,
      weights: sampleWeights)
    guard computeMetrics else { return loss }
    for metric in labeledMetrics {
      try metric.update(
        labels: labels, predictions: predictions.value, sampleWeights: sampleWeights)
    }
    for metric in predictionMetrics {
      try metric.update(values: predictions.value, sampleWeights: sampleWeights)
    }
    for metric in labelMetrics { try metric.update(values: labels, sampleWeights: sampleWeights) }
    for metric in lossMetrics { try metric.update(values: loss.value, sampleWeights: nil) }
    return loss
  }
}
