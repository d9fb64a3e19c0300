import ReelPipeline
import ReelTensor

/// A trainable recommender: its parameters, its tasks (whose metrics it updates) and a loss
/// per batch. ``Trainer`` drives it as Keras `fit`/`evaluate` drive a `tfrs.Model`.
///
///     final class MyModel: RecommenderModel {
///       let users, movies: Embedding
///       let task = Retrieval()
///       var parameters: [Parameter] { users.parameters + movies.parameters }
///       var tasks: [any RecommenderTask] { [task] }
///       func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
///         let q = try users(batch.int32("user"), tape: tape)
///         let c = try movies(batch.int32("movie"), tape: tape)
///         return try task.loss(queries: q, candidates: c, computeMetrics: !training)
///       }
///     }
public protocol RecommenderModel: AnyObject {
  /// Every trainable parameter, in a fixed order with unique names (the weight-file keys).
  var parameters: [Parameter] { get }
  /// The tasks whose metrics ``Trainer`` resets and reports.
  var tasks: [any RecommenderTask] { get }
  /// The loss of one batch (a scalar), recorded on `tape` when given; updates the tasks'
  /// metrics. Regularization losses are not included: ``Trainer`` adds
  /// ``regularizationLosses(tape:)`` as `tfrs.Model.train_step` does.
  func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable
  /// The regularization terms of the layers (Keras `model.losses`); empty by default.
  func regularizationLosses(tape: Tape?) -> [Variable]
  /// Called before each evaluation pass (e.g. to rebuild a candidate index from the current
  /// weights, as TFRS's `FactorizedTopK` over a dataset does); no-op by default.
  func prepareForEvaluation() throws
}

extension RecommenderModel {
  public func regularizationLosses(tape: Tape?) -> [Variable] { [] }
  public func prepareForEvaluation() throws {}

  /// Resets every task's metrics (Keras does this at the start of each epoch and evaluation).
  public func resetMetrics() {
    for task in tasks { task.resetMetrics() }
  }

  /// Every task's metric results, in task order.
  public var metricResults: [MetricResult] { tasks.flatMap(\.metricResults) }
}
