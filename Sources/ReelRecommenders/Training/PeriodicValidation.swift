import ReelPipeline

/// Keras's `validation_freq`: evaluates on a validation set after every `frequency`-th epoch
/// and after the last one, and records ``Trainer/evaluate(_:)``'s results by epoch number
/// (1-based, as Keras counts them). Unlike `fit(validation:)`, which evaluates after every
/// epoch into the history, this keeps the cost of evaluation to the epochs asked for.
///
///     let validation = PeriodicValidation(data: test, frequency: 5)
///     let trainer = Trainer(model: model, optimizer: optimizer, callbacks: [validation])
///     try trainer.fit(train: train, epochs: 12)
///     if let error = validation.error { throw error }
///     validation.records.map(\.epoch)   // [5, 10, 12]
///
/// An evaluation that throws stops `fit` (``Trainer/stopRequested``) and is kept in
/// ``error``: check it after `fit` returns.
///
/// - Complexity: one pass over `data` per validated epoch.
public final class PeriodicValidation: TrainingCallback {
  /// One evaluation: the epoch after which it ran (from 1) and `evaluate`'s values.
  public struct Record: Sendable {
    public let epoch: Int
    public let values: [String: Double]
  }

  /// The validation batches.
  public let data: AnyDataset<FeatureBatch>
  /// Evaluate after every `frequency`-th epoch (and the last).
  public let frequency: Int
  /// The evaluations of the current (or last) `fit`, in epoch order.
  public private(set) var records: [Record] = []
  private var epochs = 0
  /// The first error an evaluation threw; `fit` is stopped when one occurs.
  public private(set) var error: Error?

  /// - Precondition: `frequency` ≥ 1.
  public init(data: AnyDataset<FeatureBatch>, frequency: Int) {
    precondition(frequency >= 1, "PeriodicValidation: frequency must be at least 1")
    self.data = data
    self.frequency = frequency
  }

  public func trainingWillStart(epochs: Int, stepsPerEpoch: Int?, trainer: Trainer) {
    self.epochs = epochs
    records = []
    error = nil
  }

  public func epochDidEnd(_ record: EpochRecord, trainer: Trainer) {
    let epoch = record.epoch + 1
    guard epoch % frequency == 0 || epoch == epochs else { return }
    do {
      records.append(Record(epoch: epoch, values: try trainer.evaluate(data)))
    } catch {
      self.error = error
      trainer.stopRequested = true
    }
  }
}
