/// SplitMix64: a small, fast, seedable generator whose whole state is one `UInt64`, so an
/// iterator can save it in its checkpoint.
///
///     var rng = SplitMix64(seed: 42)
///     let die = rng.next(below: 6)   // 0...5, the same for every run with seed 42
public struct SplitMix64: RandomNumberGenerator, Codable, Hashable, Sendable {
  /// The generator's whole state.
  public var state: UInt64

  /// Creates a generator from a seed.
  @inlinable
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  @inlinable
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform integer in `0..<bound` (Lemire's method, unbiased).
  ///
  /// - Complexity: O(1) expected.
  @inlinable
  public mutating func next(below bound: Int) -> Int {
    precondition(bound > 0, "bound must be positive")
    let n = UInt64(bound)
    var product = next().multipliedFullWidth(by: n)
    if product.low < n {
      let threshold = (0 &- n) % n
      while product.low < threshold { product = next().multipliedFullWidth(by: n) }
    }
    return Int(product.high)
  }

  /// A uniform `Double` in `[0, 1)`.
  @inlinable
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }
}

/// Derivation of independent random streams from a user seed: every randomised stage draws
/// from `SeedSequence.derive(seed, epoch, ...)`, so a pass is a pure function of its inputs.
public enum SeedSequence {
  /// Mixes `seed` with `parts` into a new, well-spread 64-bit seed.
  @inlinable
  public static func derive(_ seed: UInt64, _ parts: UInt64...) -> UInt64 {
    var rng = SplitMix64(seed: seed ^ 0x5EED_5EED_5EED_5EED)
    var value = rng.next()
    for part in parts {
      rng.state ^= part &* 0xD6E8_FEB8_6659_FD93
      value = rng.next() ^ (value &* 31)
    }
    return value
  }

  /// The seed of pass `epoch` for a stage with `seed`; the same seed every pass when
  /// `reshuffle` is false (tf.data's `reshuffle_each_iteration=False`).
  @inlinable
  public static func epochSeed(_ seed: UInt64, epoch: Int, reshuffle: Bool) -> UInt64 {
    derive(seed, reshuffle ? UInt64(bitPattern: Int64(epoch)) : 0)
  }
}
