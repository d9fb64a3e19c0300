import Foundation

/// Keras `CosineDecay` (tf-keras 2.21), with optional linear warm-up.
///
/// Without `warmupTarget`: the rate falls from `initialLearningRate` to
/// `alpha · initialLearningRate` over `decaySteps` steps and stays there,
///
///     decayed(s) = (1 − alpha) · 0.5 · (1 + cos(π · min(s, decaySteps) / decaySteps)) + alpha
///     rate = initialLearningRate · decayed(step)
///
/// With `warmupTarget`: the rate first rises linearly from `initialLearningRate` to
/// `warmupTarget` over `warmupSteps` steps, then decays from `warmupTarget` as above over the
/// next `decaySteps` steps (the step is capped at `warmupSteps + decaySteps`).
///
///     let s = CosineDecay(initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.1,
///                         warmupSteps: 5)
///     s.learningRate(atStep: 2)    // 0.04
///     s.learningRate(atStep: 10)   // 0.05
public struct CosineDecay: LearningRateSchedule {
  public let initialLearningRate: Float
  public let decaySteps: Int
  /// The final rate as a fraction of the rate the decay starts from.
  public let alpha: Float
  /// The rate warm-up reaches, or nil for no warm-up.
  public let warmupTarget: Float?
  public let warmupSteps: Int

  /// - Precondition: `decaySteps > 0`, `warmupSteps ≥ 0`.
  public init(
    initialLearningRate: Float, decaySteps: Int, alpha: Float = 0, warmupTarget: Float? = nil,
    warmupSteps: Int = 0
  ) {
    precondition(decaySteps > 0, "CosineDecay: decaySteps must be positive, got \(decaySteps)")
    precondition(warmupSteps >= 0, "CosineDecay: warmupSteps must not be negative")
    self.initialLearningRate = initialLearningRate
    self.decaySteps = decaySteps
    self.alpha = alpha
    self.warmupTarget = warmupTarget
    self.warmupSteps = warmupSteps
  }

  public func learningRate(atStep step: Int) -> Float {
    let decay = Float(decaySteps)
    guard let target = warmupTarget else {
      return decayed(min(Float(step), decay), from: initialLearningRate)
    }
    let warmup = Float(warmupSteps)
    let s = min(Float(step), decay + warmup)
    if s < warmup {
      return (target - initialLearningRate) * (s / warmup) + initialLearningRate
    }
    return decayed(s - warmup, from: target)
  }

  private func decayed(_ s: Float, from rate: Float) -> Float {
    let cosine = 0.5 * (1 + cosf(Float.pi * (s / Float(decaySteps))))
    return rate * ((1 - alpha) * cosine + alpha)
  }

  public var description: String {
    "CosineDecay(initial_learning_rate=\(initialLearningRate), decay_steps=\(decaySteps), "
      + "alpha=\(alpha), warmup_target=\(warmupTarget.map { "\($0)" } ?? "None"), "
      + "warmup_steps=\(warmupSteps))"
  }
}
