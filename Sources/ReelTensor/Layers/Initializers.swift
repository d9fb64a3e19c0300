import Foundation

/// Keras's weight initializers, drawing from an explicit random number generator so that a
/// model built from the same seed has the same weights (TensorFlow's own random streams are
/// not reproduced; golden tests fix weights instead).
public enum Initializers {
  /// Uniform in `[lower, upper)` (Keras `RandomUniform`; its default for `Embedding` is
  /// `[-0.05, 0.05)`).
  ///
  ///     var rng = SplitMix64(seed: 1)
  ///     Initializers.uniform(shape: [2, 3], in: -0.05..<0.05, using: &rng).shape   // [2, 3]
  public static func uniform<G: RandomNumberGenerator>(
    shape: [Int], in range: Range<Float>, using rng: inout G
  ) -> Tensor {
    let count = shape.reduce(1, *)
    var values: [Float] = []
    values.reserveCapacity(count)
    for _ in 0..<count { values.append(Float.random(in: range, using: &rng)) }
    return Tensor(shape: shape, scalars: values)
  }

  /// Keras `GlorotUniform`: uniform in `±sqrt(6 / (fanIn + fanOut))`, with the fans of a
  /// Dense kernel `[fanIn, fanOut]` (for higher ranks, the leading dimensions multiply both
  /// fans as Keras's receptive field does).
  ///
  ///     var rng = SplitMix64(seed: 1)
  ///     Initializers.glorotUniform(shape: [256, 64], using: &rng)   // within ±0.1369
  public static func glorotUniform<G: RandomNumberGenerator>(shape: [Int], using rng: inout G)
    -> Tensor
  {
    let (fanIn, fanOut) = fans(of: shape)
    let limit = Float((6 / Double(max(1, fanIn + fanOut))).squareRoot())
    return uniform(shape: shape, in: -limit..<limit, using: &rng)
  }

  /// Keras's `_compute_fans`: rank 1 → (n, n); rank 2 → (rows, columns); higher ranks multiply
  /// both by the product of the leading (receptive-field) dimensions.
  static func fans(of shape: [Int]) -> (Int, Int) {
    switch shape.count {
    case 0: return (1, 1)
    case 1: return (shape[0], shape[0])
    case 2: return (shape[0], shape[1])
    default:
      let receptive = shape.dropLast(2).reduce(1, *)
      return (shape[shape.count - 2] * receptive, shape[shape.count - 1] * receptive)
    }
  }
}
