import ReelTensor

/// The task of a listwise ranking model (TFRS's `tasks.Ranking` with a tensorflow_ranking
/// loss, as the listwise tutorial builds it): a ``ListRankingLoss`` of `[lists, listSize]`
/// scores against their labels, and labeled metrics over the same lists (``NDCGMetric``,
/// ``RootMeanSquaredError``), updated in training and evaluation.
///
///     let task = ListwiseRanking(loss: ListMLELoss(seed: 42),
///                                metrics: [NDCGMetric(name: "ndcg_metric"), RootMeanSquaredError()])
///     let loss = try task.loss(labels: ratings, scores: scores)   // ratings, scores: [lists, 5]
public final class ListwiseRanking: RecommenderTask {
  public let name: String
  /// The loss.
  public let lossFunction: any ListRankingLoss
  /// How the loss's outputs are reduced (Keras's default: `.sumOverBatchSize`).
  public let reduction: LossReduction
  /// Metrics of labels against scores.
  public var labeledMetrics: [any LabeledMetric]

  public init(
    loss: any ListRankingLoss, reduction: LossReduction = .sumOverBatchSize,
    metrics: [any LabeledMetric] = [], name: String = "ranking"
  ) {
    self.name = name
    lossFunction = loss
    self.reduction = reduction
    labeledMetrics = metrics
  }

  public var metrics: [any Metric] { labeledMetrics.map { $0 as any Metric } }

  /// The loss of one batch of lists, after updating the metrics (unless `computeMetrics` is
  /// false).
  ///
  /// - Throws: ``RecommenderError`` when labels and scores are not both `[lists, listSize]`
  ///   or the weights do not match.
  public func loss(
    labels: Tensor, scores: Variable, sampleWeights: [Float]? = nil, computeMetrics: Bool = true
  ) throws -> Variable {
    let loss = try lossFunction(
      labels: labels, scores: scores, reduction: reduction, sampleWeights: sampleWeights)
    if computeMetrics {
      for metric in labeledMetrics {
        try metric.update(labels: labels, predictions: scores.value, sampleWeights: sampleWeights)
      }
    }
    return loss
  }
}
