/// A choice of Keras weight initializer, for layers that let you pick one (Keras's
/// `kernel_initializer=` names).
///
///     var rng = SplitMix64(seed: 3)
///     WeightInitializer.truncatedNormal().make(shape: [8, 8], using: &rng).shape   // [8, 8]
public enum WeightInitializer: Sendable, Equatable {
  /// `glorot_uniform` (Keras's default for kernels).
  case glorotUniform
  /// `truncated_normal` (Keras defaults mean 0, stddev 0.05; TFRS `Cross`'s default).
  case truncatedNormal(mean: Float = 0, stddev: Float = 0.05)
  /// `random_normal`.
  case normal(mean: Float = 0, stddev: Float = 0.05)
  /// `random_uniform` in `[lower, upper)` (Keras default ±0.05).
  case uniform(lower: Float = -0.05, upper: Float = 0.05)
  /// `orthogonal` (Keras's default for recurrent kernels).
  case orthogonal(gain: Float = 1)
  /// `zeros`.
  case zeros

  /// A new tensor of `shape` drawn from `rng`.
  public func make<G: RandomNumberGenerator>(shape: [Int], using rng: inout G) -> Tensor {
    switch self {
    case .glorotUniform: return Initializers.glorotUniform(shape: shape, using: &rng)
    case .truncatedNormal(let mean, let stddev):
      return Initializers.truncatedNormal(shape: shape, mean: mean, stddev: stddev, using: &rng)
    case .normal(let mean, let stddev):
      return Initializers.normal(shape: shape, mean: mean, stddev: stddev, using: &rng)
    case .uniform(let lower, let upper):
      return Initializers.uniform(shape: shape, in: lower..<upper, using: &rng)
    case .orthogonal(let gain):
      return Initializers.orthogonal(shape: shape, gain: gain, using: &rng)
    case .zeros: return Tensor(shape: shape)
    }
  }
}
