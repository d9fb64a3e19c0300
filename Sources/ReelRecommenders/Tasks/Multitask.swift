import ReelTensor

/// Several tasks trained together on one model, their losses combined as a weighted sum
/// (TFRS's multitask tutorial: `rating_weight · rating_loss + retrieval_weight ·
/// retrieval_loss`).
///
///     let multitask = Multitask([(ranking, 1.0), (retrieval, 0.5)])
///     let loss = try multitask.loss([
///       try ranking.loss(labels: ratings, predictions: predicted),
///       try retrieval.loss(queries: q, candidates: c),
///     ])
///     multitask.metricResults   // both tasks' metrics
public final class Multitask: RecommenderTask {
  public let name: String
  /// The tasks and their loss weights, in the order their losses are given.
  public let tasks: [(task: any RecommenderTask, weight: Float)]

  /// A combination of `tasks`, each with its weight.
  public init(_ tasks: [(any RecommenderTask, Float)], name: String = "multitask") {
    self.name = name
    self.tasks = tasks.map { (task: $0.0, weight: $0.1) }
  }

  /// Every task's metrics, task by task.
  public var metrics: [any Metric] { tasks.flatMap { $0.task.metrics } }

  /// `Σ weightᵢ · lossᵢ` for the tasks' losses in task order (a weight of 0 still multiplies,
  /// as in TFRS, so that task's gradients are zero).
  ///
  /// - Throws: ``RecommenderError`` when the number of losses differs from the number of
  ///   tasks or a loss is not a scalar.
  public func loss(_ losses: [Variable]) throws -> Variable {
    guard losses.count == tasks.count else {
      throw RecommenderError(
        component: name, reason: "\(losses.count) losses for \(tasks.count) tasks")
    }
    var total: Variable?
    for (loss, entry) in zip(losses, tasks) {
      guard loss.value.scalarCount == 1 else {
        throw RecommenderError(
          component: name,
          reason: "the loss of task \(entry.task.name) has shape \(loss.shape), not a scalar")
      }
      let term = loss.reshaped([]) * entry.weight
      total = total.map { $0 + term } ?? term
    }
    return total ?? Variable(constant: Tensor(0))
  }
}
