/// The dot product of `count` floats at `a` and `b`, eight lanes at a time (the exact
/// re-scoring of candidates). Summation order differs from a sequential loop, so results may
/// differ from it in the last bits.
@inline(__always)
func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
  var acc = SIMD8<Float>(repeating: 0)
  var j = 0
  let ra = UnsafeRawPointer(a)
  let rb = UnsafeRawPointer(b)
  while j + 8 <= count {
    let x = ra.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
    let y = rb.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
    acc += x * y  // not addingProduct: without FMA in the baseline it calls fmaf per lane
    j += 8
  }
  var total = acc.sum()
  while j < count {
    total += a[j] * b[j]
    j += 1
  }
  return total
}
