import Foundation

/// Keras `ExponentialDecay`: `initialLearningRate · decayRate^(step / decaySteps)`, with an
/// integer (floored) exponent when `staircase`.
///
///     let s = ExponentialDecay(initialLearningRate: 1, decaySteps: 2, decayRate: 0.5)
///     s.learningRate(atStep: 1)   // 0.70710677
///     ExponentialDecay(initialLearningRate: 1, decaySteps: 2, decayRate: 0.5, staircase: true)
///       .learningRate(atStep: 3)  // 0.5
public struct ExponentialDecay: LearningRateSchedule {
  public let initialLearningRate: Float
  public let decaySteps: Int
  public let decayRate: Float
  public let staircase: Bool

  /// - Precondition: `decaySteps > 0`.
  public init(
    initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false
  ) {
    precondition(decaySteps > 0, "ExponentialDecay: decaySteps must be positive, got \(decaySteps)")
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.decayRate = decayRate
    self.staircase = staircase
  }

  public func learningRate(atStep step: Int) -> Float {
    var p = Float(step) / Float(decaySteps)
    if staircase { p = p.rounded(.down) }
    return initialLearningRate * powf(decayRate, p)
  }

  public var description: String {
    "ExponentialDecay(initial_learning_rate=\(initialLearningRate), decay_steps=\(decaySteps), "
      + "decay_rate=\(decayRate), staircase=\(staircase))"
  }
}
