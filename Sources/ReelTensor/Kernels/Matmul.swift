/// The matrix product `op(a) · op(b)` of rank-2 tensors, where `op` transposes when asked.
///
/// `a` may have rank above 2 when `transposeA` is false: its leading dimensions are treated as
/// rows (as a Dense layer applies to `[batch, time, features]`), and the result keeps them.
///
///     let a = Tensor(rows: [[1, 2], [3, 4]])
///     let b = Tensor(rows: [[5, 6], [7, 8]])
///     matmul(a, b).scalars                     // [19, 22, 43, 50]
///     matmul(a, b, transposeB: true).scalars   // [17, 23, 39, 53]
///
/// - Complexity: O(m·n·k) through OpenBLAS `cblas_sgemm`, on every core for large products.
public func matmul(
  _ a: Tensor, _ b: Tensor, transposeA: Bool = false, transposeB: Bool = false
) -> Tensor {
  precondition(b.rank == 2, "matmul: b must have rank 2, got shape \(b.shape)")
  precondition(
    a.rank == 2 || (a.rank > 2 && !transposeA),
    "matmul: a must have rank 2 (or more without transposeA), got shape \(a.shape)")
  let aRows = a.scalarCount / max(a.shape[a.rank - 1], 1)
  let aCols = a.shape[a.rank - 1]
  let m = transposeA ? aCols : (a.rank == 2 ? a.shape[0] : aRows)
  let k = transposeA ? a.shape[0] : aCols
  let kB = transposeB ? b.shape[1] : b.shape[0]
  let n = transposeB ? b.shape[0] : b.shape[1]
  precondition(
    k == kB,
    "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · "
      + "\(b.shape)\(transposeB ? "ᵀ" : "")")
  let outShape = a.rank > 2 ? Array(a.shape.dropLast()) + [n] : [m, n]
  return Tensor(uninitializedShape: outShape) { c in
    guard let cBase = c.baseAddress else { return }
    if k == 0 {
      c.initialize(repeating: 0)
      return
    }
    a.withUnsafeBufferPointer { aBuffer in
      b.withUnsafeBufferPointer { bBuffer in
        BLAS.sgemm(
          transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
          a: aBuffer.baseAddress!, b: bBuffer.baseAddress!, beta: 0, c: cBase)
      }
    }
  }
}

extension Tensor {
  /// The number of threads matrix products use (OpenBLAS's thread count). Defaults to the
  /// number of cores; OpenBLAS runs small products on one thread regardless.
  ///
  ///     Tensor.matmulThreadCount = 1   // leave the other core to the input pipeline
  public static var matmulThreadCount: Int {
    get { BLAS.threadCount }
    set { BLAS.threadCount = newValue }
  }
}
