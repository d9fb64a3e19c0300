/// A task: the loss and the metrics at the top of a model (TFRS's `tasks.Task`).
///
/// The training loop asks the task for the loss of each batch (``Retrieval`` or ``Ranking``
/// have their own `loss(...)`), differentiates it, and reads ``metrics`` for the progress
/// line; it calls ``resetMetrics()`` at the start of each epoch and of each evaluation, as
/// Keras does.
public protocol RecommenderTask: AnyObject {
  /// The task's name.
  var name: String { get }
  /// Every metric the task updates, in TFRS's reporting order.
  var metrics: [any Metric] { get }
}

extension RecommenderTask {
  /// Resets every metric of the task.
  public func resetMetrics() {
    for metric in metrics { metric.reset() }
  }

  /// The current values of every metric, in order.
  ///
  ///     task.metricResults.map(\.description)   // ["factorized_top_k/top_1_…: 0.01", …]
  public var metricResults: [MetricResult] { metrics.flatMap(\.results) }
}
