import CReelKernels

/// The per-row loops of softmax sweeps (maximum, shifted exponentials, scaling), run by the
/// AVX2 + FMA C kernels when the CPU has them and by the portable ``VectorMath`` code
/// otherwise. The two agree to a few ulp (FMA rounds once where the portable code rounds
/// twice).
enum RowKernels {
  /// Whether the AVX2 + FMA kernels are in use.
  static let usesAVX2 = reel_kernels_avx2() != 0

  /// The largest of `count` elements (−∞ for none; NaN if any is NaN).
  @inline(__always)
  static func max(_ input: UnsafePointer<Float>, count: Int) -> Float {
    usesAVX2 ? reel_row_max_avx2(input, count) : VectorMath.max(input, count: count)
  }

  /// `output[i] = e^(input[i] − shift)` (`shift` ≥ every element); returns their sum.
  /// `output` may be `input`.
  @inline(__always)
  static func expShifted(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int,
    shift: Float
  ) -> Float {
    usesAVX2
      ? reel_row_exp_shifted_avx2(input, output, count, shift)
      : VectorMath.expShifted(input, output, count: count, shift: shift)
  }

  /// The sum of `e^(input[i] − shift)` (`shift` ≥ every element).
  @inline(__always)
  static func sumExpShifted(_ input: UnsafePointer<Float>, count: Int, shift: Float) -> Float {
    usesAVX2
      ? reel_row_exp_shifted_avx2(input, nil, count, shift)
      : VectorMath.sumExpShifted(input, count: count, shift: shift)
  }

  /// `buffer[i] *= factor`.
  @inline(__always)
  static func scale(_ buffer: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
    if usesAVX2 {
      reel_row_scale_avx2(buffer, count, factor)
    } else {
      VectorMath.scale(buffer, count: count, by: factor)
    }
  }
}
