/// What a ``TrainingCallback`` learns after each training step.
public struct StepProgress: Sendable {
  /// The epoch index, from 0.
  public var epoch: Int
  /// The number of epochs of this `fit`.
  public var epochs: Int
  /// Steps done in this epoch (1 after the first).
  public var step: Int
  /// Steps per epoch when the dataset's cardinality is finite and known.
  public var stepsPerEpoch: Int?
  /// Steps done since the start of training (across epochs and resumptions).
  public var globalStep: Int
  /// Rows seen this epoch.
  public var rows: Int
  /// Seconds since this epoch's pass started (or resumed).
  public var seconds: Double
  /// Rows seen since this epoch's pass started (or resumed); with ``seconds``, the throughput.
  public var rowsSinceStart: Int
  /// Steps done since this epoch's pass started (or resumed).
  public var stepsSinceStart: Int
  /// Running values: mean `loss`, `regularization_loss`, `total_loss` so far this epoch, and
  /// the current metric results.
  public var values: [(name: String, value: Double)]

  /// Rows per second since the pass started.
  public var rowsPerSecond: Double { seconds > 0 ? Double(rowsSinceStart) / seconds : 0 }
}

/// Hooks into ``Trainer/fit(train:epochs:validation:checkpointDirectory:checkpointEvery:maxSteps:)``;
/// every method has an empty default.
///
///     final class StopAt: TrainingCallback {
///       func stepDidEnd(_ p: StepProgress, trainer: Trainer) { if p.globalStep == 5 { trainer.stopRequested = true } }
///     }
public protocol TrainingCallback: AnyObject {
  /// Called once before the first step (also when resuming).
  func trainingWillStart(epochs: Int, stepsPerEpoch: Int?, trainer: Trainer)
  /// Called after every training step.
  func stepDidEnd(_ progress: StepProgress, trainer: Trainer)
  /// Called after each epoch's training and validation passes with its record.
  func epochDidEnd(_ record: EpochRecord, trainer: Trainer)
  /// Called once when `fit` returns normally.
  func trainingDidEnd(_ history: History, trainer: Trainer)
}

extension TrainingCallback {
  public func trainingWillStart(epochs: Int, stepsPerEpoch: Int?, trainer: Trainer) {}
  public func stepDidEnd(_ progress: StepProgress, trainer: Trainer) {}
  public func epochDidEnd(_ record: EpochRecord, trainer: Trainer) {}
  public func trainingDidEnd(_ history: History, trainer: Trainer) {}
}
