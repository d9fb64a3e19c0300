/// Vectorised `exp` for the kernels (`SIMD8<Float>`, Cephes-style range reduction and a
/// degree-6 polynomial; within 2 ulp of `Foundation.exp` over the float range).
///
/// Scalar `expf` costs several nanoseconds per call; softmax over an 8192×8192 score matrix
/// needs 67 M of them per step, so the hot loops use this instead.
enum VectorMath {
  typealias Vector = SIMD8<Float>

  /// `e^x` lane by lane: 0 below −87.34 (where float32 results would be denormal), +∞ above
  /// 88.72, NaN for NaN (comparisons with NaN are false, so it flows through unchanged).
  @inline(__always)
  static func exp(_ x: Vector) -> Vector {
    let upper: Float = 88.72283
    let lower: Float = -87.33654
    // Compare-and-replace, not `clamped`/`pointwiseMin`: those run lane by lane.
    var clamped = x
    clamped.replace(with: lower, where: x .< lower)
    clamped.replace(with: upper, where: x .> upper)
    // n = round(x / ln 2) with the 1.5·2^23 trick; the integer sits in the low mantissa bits.
    let magic: Float = 12_582_912
    let shifted = clamped * 1.442_695_04 + magic
    let n = shifted - magic
    // r = x − n·ln 2, with ln 2 split in two for accuracy.
    var r = clamped - n * 0.693_359_375
    r = r + n * 2.121_944_4e-4
    var p: Vector = Vector(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    p = p * (r * r) + r + 1
    // 2^n from the exponent bits; n is in [−126, 128], so split 2^n = 2^(n/2)·2^(n−n/2).
    let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    let half = bits &>> 1
    let scaleA = unsafeBitCast((half &+ 127) &<< 23, to: Vector.self)
    let scaleB = unsafeBitCast((bits &- half &+ 127) &<< 23, to: Vector.self)
    var result = p * scaleA * scaleB
    result.replace(with: 0, where: x .< lower)
    result.replace(with: .infinity, where: x .> upper)
    return result
  }

  /// `e^x` for `x ≤ 0` (softmax after subtracting the row maximum): the same polynomial as
  /// ``exp(_:)-(Vector)`` without the overflow handling, about a third cheaper. 0 below −87.34.
  @inline(__always)
  static func expOfNonPositive(_ x: Vector) -> Vector {
    let lower: Float = -87.33654
    var clamped = x
    clamped.replace(with: lower, where: x .< lower)
    let magic: Float = 12_582_912
    let shifted = clamped * 1.442_695_04 + magic
    let n = shifted - magic
    var r = clamped - n * 0.693_359_375
    r = r + n * 2.121_944_4e-4
    var p: Vector = Vector(repeating: 1.987_569_15e-4)
    p = p * r + 1.398_199_95e-3
    p = p * r + 8.333_451_9e-3
    p = p * r + 4.166_579_59e-2
    p = p * r + 1.666_666_55e-1
    p = p * r + 5.000_000_12e-1
    p = p * (r * r) + r + 1
    // n ∈ [−126, 0]: one exponent field holds 2^n.
    let bits = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    var result = p * unsafeBitCast((bits &+ 127) &<< 23, to: Vector.self)
    result.replace(with: 0, where: x .< lower)
    return result
  }

  /// Loads eight floats from `pointer` (any alignment).
  @inline(__always)
  static func load(_ pointer: UnsafePointer<Float>) -> Vector {
    UnsafeRawPointer(pointer).loadUnaligned(as: Vector.self)
  }

  /// Stores eight floats at `pointer` (any alignment).
  @inline(__always)
  static func store(_ value: Vector, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Vector.self)
  }

  /// `e^x` for one float, through the vector routine (so scalar tails agree with vector
  /// lanes exactly).
  @inline(__always)
  static func exp(_ x: Float) -> Float {
    exp(Vector(repeating: x))[0]
  }

  /// `output[i] = e^(input[i] − shift)` for `count` elements; returns their sum. `shift` must
  /// be at least the largest element (the row maximum), so every exponent is ≤ 0.
  @inline(__always)
  static func expShifted(
    _ input: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, count: Int,
    shift: Float
  ) -> Float {
    var sum = Vector.zero
    var i = 0
    let s = Vector(repeating: shift)
    while i + 8 <= count {
      let e = expOfNonPositive(load(input + i) - s)
      store(e, output + i)
      sum += e
      i += 8
    }
    var total = sum.sum()
    while i < count {
      let e = exp(input[i] - shift)
      output[i] = e
      total += e
      i += 1
    }
    return total
  }

  /// The sum of `e^(input[i] − shift)` over `count` elements, without storing them; `shift`
  /// is at least the largest element.
  @inline(__always)
  static func sumExpShifted(_ input: UnsafePointer<Float>, count: Int, shift: Float) -> Float {
    var sum = Vector.zero
    var i = 0
    let s = Vector(repeating: shift)
    while i + 8 <= count {
      sum += expOfNonPositive(load(input + i) - s)
      i += 8
    }
    var total = sum.sum()
    while i < count {
      total += exp(input[i] - shift)
      i += 1
    }
    return total
  }

  /// `buffer[i] *= factor` for `count` elements.
  @inline(__always)
  static func scale(_ buffer: UnsafeMutablePointer<Float>, count: Int, by factor: Float) {
    let f = Vector(repeating: factor)
    var i = 0
    while i + 8 <= count {
      store(load(buffer + i) * f, buffer + i)
      i += 8
    }
    while i < count {
      buffer[i] *= factor
      i += 1
    }
  }

  /// The largest of `count` elements (−∞ for none; NaN if any element is NaN).
  @inline(__always)
  static func max(_ input: UnsafePointer<Float>, count: Int) -> Float {
    var best = Vector(repeating: -.infinity)
    var sawNaN = false
    var i = 0
    while i + 8 <= count {
      let v = load(input + i)
      sawNaN = sawNaN || any(v .!= v)
      best.replace(with: v, where: v .> best)
      i += 8
    }
    var result = best.max()
    while i < count {
      let v = input[i]
      if v.isNaN { sawNaN = true }
      result = Swift.max(result, v)
      i += 1
    }
    return sawNaN ? .nan : result
  }

  /// The sum of `count` elements, eight lanes at a time.
  @inline(__always)
  static func sum(_ input: UnsafePointer<Float>, count: Int) -> Float {
    var acc = Vector.zero
    var i = 0
    while i + 8 <= count {
      acc += load(input + i)
      i += 8
    }
    var total = acc.sum()
    while i < count {
      total += input[i]
      i += 1
    }
    return total
  }
}
