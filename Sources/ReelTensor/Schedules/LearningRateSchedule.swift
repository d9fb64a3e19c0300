/// A learning rate that changes with the optimizer's step, as Keras's
/// `tf.keras.optimizers.schedules.LearningRateSchedule`: every optimizer takes one in place of
/// a constant rate and, like Keras, asks it for the rate of step `iterations` (0 for the first
/// update) before each update.
///
///     let optimizer = Adagrad(learningRate: ExponentialDecay(
///       initialLearningRate: 0.1, decaySteps: 1000, decayRate: 0.96, staircase: true))
///     optimizer.learningRate   // 0.1 (the rate the next step uses)
///
/// Rates are computed in `Float`, as Keras computes them in float32.
public protocol LearningRateSchedule: Sendable, CustomStringConvertible {
  /// The rate of the update whose 0-based index is `step`.
  func learningRate(atStep step: Int) -> Float
}
