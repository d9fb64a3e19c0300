/// Keras's `validation_freq`: evaluates on a validation set after every `frequency`-th epoch
/// (and after the last one) and records the results by epoch number (1-based, as Keras
/// counts them).
///
///     let validation = PeriodicValidation(data: test, frequency: 5)
///     let trainer = Trainer(model: model, optimizer: optimizer, callbacks: [validation])
///     try trainer.fit(train: train, epochs: 20)
///     validation.records.map(\.epoch)   // [5, 10, 15, 20]
public final class PeriodicValidation: TrainingCallback {
  /// One evaluation: the epoch after which it ran and `evaluate`'s values.
  public struct Record: Sendable {
    public let epoch: Int
    public let values: [String: Double]
  }

  public let data: AnyDataset<FeatureBatch>
  public let frequency: Int
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
