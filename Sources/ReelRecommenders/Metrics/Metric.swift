import ReelTensor

/// One named value a metric reports, such as `("root_mean_squared_error", 1.11)`.
public struct MetricResult: Equatable, Sendable, CustomStringConvertible {
  /// The Keras/TFRS name (`"auc"`, `"factorized_top_k/top_100_categorical_accuracy"`).
  public let name: String
  /// The value over everything seen since the last reset.
  public let value: Float

  /// A result called `name` with `value`.
  public init(name: String, value: Float) {
    self.name = name
    self.value = value
  }

  /// `"name: value"`.
  public var description: String { "\(name): \(value)" }
}

/// A streaming metric, as a Keras `Metric`: it accumulates over batches until ``reset()``
/// (Keras resets at the start of every epoch and of every evaluation).
///
/// Metrics are reference types: a task updates them, and the training loop reads and resets
/// the same objects.
///
///     let rmse = RootMeanSquaredError()
///     try rmse.update(labels: Tensor([3, 5]), predictions: Tensor([4, 5]), sampleWeights: nil)
///     rmse.results   // [root_mean_squared_error: 0.70710677]
///     rmse.reset()
public protocol Metric: AnyObject {
  /// The metric's name (the prefix of its results' names for multi-valued metrics).
  var name: String { get }
  /// The current values: one for most metrics, one per k for ``FactorizedTopK``.
  var results: [MetricResult] { get }
  /// Forgets everything accumulated so far.
  func reset()
  /// The accumulated state as numbers (what a training checkpoint saves, so a resumed epoch
  /// reports the same values as an uninterrupted one).
  var state: [Double] { get }
  /// Replaces the accumulated state with `state`, as ``state`` returned it.
  ///
  /// - Throws: ``RecommenderError`` when `state` does not fit this metric.
  func restore(state: [Double]) throws
}

/// A metric with a single value.
public protocol ScalarMetric: Metric {
  /// The value over everything seen since the last reset.
  var result: Float { get }
}

extension ScalarMetric {
  /// `[name: result]`.
  public var results: [MetricResult] { [MetricResult(name: name, value: result)] }
}

/// A metric of plain values, as Keras's `Mean`: TFRS passes it the loss (`loss_metrics`),
/// the predictions (`prediction_metrics`) or the labels (`label_metrics`).
public protocol ValueMetric: ScalarMetric {
  /// Accumulates `values`; `sampleWeights` has one weight per row (first dimension) and
  /// applies to every element of that row.
  func update(values: Tensor, sampleWeights: [Float]?) throws
}

/// A metric comparing labels with predictions, as Keras's `RootMeanSquaredError` or `AUC`:
/// TFRS Ranking's `metrics` and Retrieval's `batch_metrics`.
public protocol LabeledMetric: ScalarMetric {
  /// Accumulates one batch. `labels` and `predictions` have the same shape, or differ by a
  /// trailing dimension of 1 (`[n]` against `[n, 1]`, as Keras squeezes); `sampleWeights`
  /// has one weight per row.
  func update(labels: Tensor, predictions: Tensor, sampleWeights: [Float]?) throws
}

/// A metric whose state from several shards of the data can be combined: merging the
/// metrics of two halves gives the metric of the whole.
///
///     let a = Mean(), b = Mean()
///     a.update(1); b.update(3)
///     try a.merge(b)
///     a.result   // 2
public protocol MergeableMetric: Metric {
  /// Adds `other`'s accumulated state to this metric's.
  func merge(_ other: Self) throws
}

/// A running weighted sum and weight total: the state of Keras's `Mean`-based metrics
/// (Keras keeps them in float32; Reel in double, so long runs do not lose precision).
struct WeightedTotal: Sendable {
  var total: Double = 0
  var count: Double = 0

  /// `total / count`, or 0 when nothing has been counted (Keras's `divide_no_nan`).
  var mean: Double { count == 0 ? 0 : total / count }

  /// `[total, count]`.
  var values: [Double] { [total, count] }

  init() {}

  /// The total of `values` as ``values`` returned it.
  ///
  /// - Throws: ``RecommenderError`` naming `metric` unless `values` has two entries.
  init(values: [Double], metric: String) throws {
    guard values.count == 2 else {
      throw RecommenderError(
        component: metric, reason: "a saved state of \(values.count) numbers, expected 2")
    }
    (total, count) = (values[0], values[1])
  }

  mutating func add(_ other: WeightedTotal) {
    total += other.total
    count += other.count
  }
}
