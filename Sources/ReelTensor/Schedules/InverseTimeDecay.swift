/// Keras `InverseTimeDecay`: `initialLearningRate / (1 + decayRate · step / decaySteps)`, with
/// `step / decaySteps` floored when `staircase`.
///
///     InverseTimeDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5)
///       .learningRate(atStep: 2)   // 0.05
public struct InverseTimeDecay: LearningRateSchedule {
  public let initialLearningRate: Float
  public let decaySteps: Int
  public let decayRate: Float
  public let staircase: Bool

  /// - Precondition: `decaySteps > 0`.
  public init(
    initialLearningRate: Float, decaySteps: Int, decayRate: Float, staircase: Bool = false
  ) {
    precondition(decaySteps > 0, "InverseTimeDecay: decaySteps must be positive, got \(decaySteps)")
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.decayRate = decayRate
    self.staircase = staircase
  }

  public func learningRate(atStep step: Int) -> Float {
    var p = Float(step) / Float(decaySteps)
    if staircase { p = p.rounded(.down) }
    return initialLearningRate / (1 + decayRate * p)
  }

  public var description: String {
    "InverseTimeDecay(initial_learning_rate=\(initialLearningRate), decay_steps=\(decaySteps), "
      + "decay_rate=\(decayRate), staircase=\(staircase))"
  }
}
