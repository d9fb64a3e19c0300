/// Keras `Dropout(rate)`: while training, each element is zeroed with probability `rate` and
/// the kept ones are scaled by `1 / (1 − rate)` (inverted dropout), so the expected value is
/// unchanged; outside training (or with rate 0) it is the identity.
///
/// The drops are seeded: the mask of a call depends only on `seed`, the number of earlier
/// training calls (``draws``) and the element's position. Saving ``draws`` with a checkpoint
/// and setting it back resumes the same sequence of masks. TensorFlow's random stream is not
/// reproduced.
///
///     let dropout = try Dropout(rate: 0.5, seed: 42)
///     let y = try dropout(x, tape: tape, training: true)   // about half the elements 0,
///                                                          // the rest doubled
///
/// A class, because each training call advances ``draws``.
public final class Dropout: UnaryLayer {
  /// The fraction of elements dropped while training, in `[0, 1)`.
  public let rate: Float
  /// The seed of the masks.
  public let seed: UInt64
  /// The number of training calls so far (each draws one new mask).
  public var draws: UInt64
  /// The layer's name (in errors).
  public let name: String

  /// A layer dropping `rate` of its inputs while training.
  ///
  /// - Throws: ``LayerError`` when `rate` is not in `[0, 1)` (Keras accepts 1 but then fails
  ///   in `tf.nn.dropout`).
  public init(rate: Float, seed: UInt64, name: String = "dropout") throws {
    guard rate >= 0 && rate < 1 else {
      throw LayerError(layer: name, reason: "rate \(rate) is not in [0, 1)")
    }
    self.rate = rate
    self.seed = seed
    self.draws = 0
    self.name = name
  }

  /// Dropout has no weights.
  public var parameters: [Parameter] { [] }

  /// `x` with dropped elements zeroed and the others scaled by `1 / (1 − rate)` when
  /// `training` and `rate > 0`; `x` unchanged otherwise. The gradient goes through the same
  /// mask and scale.
  ///
  /// - Complexity: O(n), on every core for large tensors.
  public func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable {
    guard training && rate > 0 else { return x }
    let mask = DropoutMask.scales(shape: x.shape, rate: rate, seed: seed, draw: draws)
    draws &+= 1
    return x * Variable(constant: mask)
  }
}

/// The counter-based random masks of ``Dropout``.
enum DropoutMask {
  /// SplitMix64's output function: a bijective 64-bit mix.
  @inline(__always)
  static func mix(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// One factor per element: 0 for a dropped element (uniform `u < rate`, as Keras keeps
  /// `u ≥ rate`), `1 / (1 − rate)` for a kept one.
  static func scales(shape: [Int], rate: Float, seed: UInt64, draw: UInt64) -> Tensor {
    let key = mix(seed &+ mix(draw &+ 0x9E37_79B9_7F4A_7C15))
    let keep = 1 / (1 - rate)
    return Tensor(uninitializedShape: shape) { buffer in
      Parallel.forEachChunk(count: buffer.count) { range in
        for i in range {
          // 24 random bits: uniform on a grid of 2⁻²⁴ in [0, 1), exact in Float.
          let u = Float(mix(key &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15) >> 40) * 0x1p-24
          buffer[i] = u < rate ? 0 : keep
        }
      }
    }
  }
}
