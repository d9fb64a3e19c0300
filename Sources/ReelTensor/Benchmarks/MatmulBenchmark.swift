/// Measured single-precision matrix-product speed: `op(A)·op(B)` with `op(A)` of shape `m×k`
/// and `op(B)` of shape `k×n`, through the same path as ``matmul(_:_:transposeA:transposeB:)-(Tensor,Tensor,_,_)``
/// (OpenBLAS `cblas_sgemm` with ``Tensor/matmulThreadCount`` threads).
///
/// One untimed warm-up run, then `repeats` timed runs; returns the median rate in GFLOP/s,
/// counting `2·m·n·k` floating-point operations per product. Meaningful only in release
/// builds on an otherwise quiet machine.
///
///     let rate = sgemmGFLOPS(m: 1024, n: 1024, k: 1024, transA: false, transB: false, repeats: 5)
///     // ~180 on two Zen cores
///
/// - Complexity: `repeats + 1` products.
public func sgemmGFLOPS(
  m: Int, n: Int, k: Int, transA: Bool = false, transB: Bool = false, repeats: Int = 5
) -> Double {
  precondition(
    m > 0 && n > 0 && k > 0 && repeats > 0, "sgemmGFLOPS: sizes and repeats must be positive")
  let a = Tensor(
    shape: transA ? [k, m] : [m, k], scalars: (0..<(m * k)).lazy.map { Float($0 % 17) * 0.01 })
  let b = Tensor(
    shape: transB ? [n, k] : [k, n], scalars: (0..<(k * n)).lazy.map { Float($0 % 13) * 0.01 })
  let clock = ContinuousClock()
  var seconds: [Double] = []
  var checksum: Float = 0
  for run in 0...repeats {
    let elapsed = clock.measure {
      let c = matmul(a, b, transposeA: transA, transposeB: transB)
      checksum += c[0, 0]
    }
    if run > 0 {
      let parts = elapsed.components
      seconds.append(Double(parts.seconds) + Double(parts.attoseconds) * 1e-18)
    }
  }
  precondition(checksum.isFinite, "sgemmGFLOPS: product is not finite")
  let median = seconds.sorted()[seconds.count / 2]
  return 2 * Double(m) * Double(n) * Double(k) / median / 1e9
}
