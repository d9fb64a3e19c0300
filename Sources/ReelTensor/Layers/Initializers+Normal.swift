import Foundation

extension Initializers {
  /// Normal values with `mean` and `stddev` (Keras `RandomNormal`), by the Box–Muller
  /// transform in Double.
  ///
  ///     var rng = SplitMix64(seed: 1)
  ///     Initializers.normal(shape: [3], mean: 0, stddev: 1, using: &rng).shape   // [3]
  public static func normal<G: RandomNumberGenerator>(
    shape: [Int], mean: Float = 0, stddev: Float = 1, using rng: inout G
  ) -> Tensor {
    let count = shape.reduce(1, *)
    var values: [Float] = []
    values.reserveCapacity(count)
    var sampler = NormalSampler()
    for _ in 0..<count { values.append(mean + stddev * Float(sampler.next(using: &rng))) }
    return Tensor(shape: shape, scalars: values)
  }

  /// Keras `TruncatedNormal` (its defaults: mean 0, stddev 0.05; TFRS `Cross`'s default
  /// kernel initializer): normal values, each one farther than two standard deviations from
  /// the mean drawn again (as `tf.random.truncated_normal`). The values' standard deviation
  /// is therefore about 0.88 · `stddev`.
  ///
  ///     var rng = SplitMix64(seed: 1)
  ///     Initializers.truncatedNormal(shape: [4, 4], using: &rng)   // all within ±0.1
  public static func truncatedNormal<G: RandomNumberGenerator>(
    shape: [Int], mean: Float = 0, stddev: Float = 0.05, using rng: inout G
  ) -> Tensor {
    let count = shape.reduce(1, *)
    var values: [Float] = []
    values.reserveCapacity(count)
    var sampler = NormalSampler()
    while values.count < count {
      let z = sampler.next(using: &rng)
      if abs(z) <= 2 { values.append(mean + stddev * Float(z)) }
    }
    return Tensor(shape: shape, scalars: values)
  }

  /// Keras `Orthogonal(gain)` (the default `recurrent_initializer` of `GRU`): the leading
  /// dimensions are flattened into rows; a normal matrix of `[max(rows, cols), min(rows,
  /// cols)]` is factored `QR`, the columns of `Q` are multiplied by the signs of `R`'s
  /// diagonal, and `Q` (transposed when there are fewer rows than columns) is scaled by
  /// `gain`. The result has orthonormal rows or columns, whichever are fewer.
  ///
  ///     var rng = SplitMix64(seed: 1)
  ///     let r = Initializers.orthogonal(shape: [32, 96], using: &rng)
  ///     // r · rᵀ is the 32×32 identity (to float precision)
  ///
  /// - Precondition: `shape` has rank 2 or more.
  /// - Complexity: O(rows · cols · min(rows, cols)), in Double.
  public static func orthogonal<G: RandomNumberGenerator>(
    shape: [Int], gain: Float = 1, using rng: inout G
  ) -> Tensor {
    precondition(shape.count >= 2, "Initializers.orthogonal: shape \(shape) needs rank ≥ 2")
    let rows = shape.dropLast().reduce(1, *)
    let cols = shape[shape.count - 1]
    let flat = [max(rows, cols), min(rows, cols)]
    return orthogonal(fromNormal: normal(shape: flat, using: &rng), shape: shape, gain: gain)
  }

  /// The deterministic part of ``orthogonal(shape:gain:using:)``: `a` is the
  /// `[max(rows, cols), min(rows, cols)]` normal matrix (tested against TensorFlow's
  /// `tf.linalg.qr` on the same matrix).
  static func orthogonal(fromNormal a: Tensor, shape: [Int], gain: Float) -> Tensor {
    let rows = shape.dropLast().reduce(1, *)
    let cols = shape[shape.count - 1]
    let (m, n) = (a.shape[0], a.shape[1])
    let (q, diagonal) = HouseholderQR.thinQ(a.scalars.map(Double.init), rows: m, columns: n)
    var out = [Float](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        // tf.sign(0) is 0 (a column of zeros); that needs a singular normal matrix.
        let sign: Double = diagonal[j] > 0 ? 1 : (diagonal[j] < 0 ? -1 : 0)
        let value = Float(q[i * n + j] * sign) * gain
        if rows < cols { out[j * m + i] = value } else { out[i * n + j] = value }
      }
    }
    return Tensor(shape: shape, scalars: out)
  }
}

/// Standard normal values from uniform ones by the Box–Muller transform, two per pair of
/// draws.
struct NormalSampler {
  private var spare: Double?

  mutating func next<G: RandomNumberGenerator>(using rng: inout G) -> Double {
    if let value = spare {
      spare = nil
      return value
    }
    let u1 = Double.random(in: Double.leastNormalMagnitude..<1, using: &rng)
    let u2 = Double.random(in: 0..<1, using: &rng)
    let radius = (-2 * Foundation.log(u1)).squareRoot()
    spare = radius * sin(2 * Double.pi * u2)
    return radius * cos(2 * Double.pi * u2)
  }
}
