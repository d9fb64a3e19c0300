/// Eight `Float` lanes held as two `SIMD4` halves, for latent factors of dimension ≤ 8.
///
/// Two `SIMD4` halves rather than one `SIMD8`: the same arithmetic, with the 16-byte
/// alignment of ordinary values (`SIMD8<Float>` asks for 32).
///
///     var v = Factor8()
///     v[0] = 2
///     v.dot(v)   // 4
struct Factor8: Sendable, Equatable {
  var lo = SIMD4<Float>()
  var hi = SIMD4<Float>()

  subscript(lane: Int) -> Float {
    get { lane < 4 ? lo[lane] : hi[lane - 4] }
    set {
      if lane < 4 { lo[lane] = newValue } else { hi[lane - 4] = newValue }
    }
  }

  @inline(__always)
  func dot(_ other: Factor8) -> Float { (lo * other.lo + hi * other.hi).sum() }

  @inline(__always)
  static func + (a: Factor8, b: Factor8) -> Factor8 { Factor8(lo: a.lo + b.lo, hi: a.hi + b.hi) }

  @inline(__always)
  static func * (s: Float, a: Factor8) -> Factor8 { Factor8(lo: s * a.lo, hi: s * a.hi) }
}
