import CBLAS

/// The one place ReelTensor calls OpenBLAS (`cblas_sgemm`); C types stay in this file.
///
/// Threads: OpenBLAS (the Debian pthread build) starts one thread per core and splits a
/// large product across them; it runs small products on the calling thread by itself. Reel
/// keeps that default (both cores on this machine, where 1024³ goes from ~91 to ~184
/// GFLOP/s) and lets a caller change it with ``Tensor/matmulThreadCount``.
enum BLAS {
  /// `C = alpha · op(A) · op(B) + beta · C` for row-major `A` (`m×k`, or `k×m` when
  /// transposed), `B` (`k×n` or `n×k`) and `C` (`m×n`), each tightly packed.
  static func sgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
    beta: Float, c: UnsafeMutablePointer<Float>
  ) {
    let lda = transposeA ? m : k
    let ldb = transposeB ? k : n
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(max(lda, 1)), b,
      blasint(max(ldb, 1)), beta, c, blasint(max(n, 1)))
  }

  /// ``sgemm(transposeA:transposeB:m:n:k:alpha:a:b:beta:c:)`` with explicit leading
  /// dimensions (the distance between rows of each row-major operand), so an operand can be
  /// a strided slice such as one time step of `[batch, time, features]`.
  static func sgemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans,
      transposeB ? CblasTrans : CblasNoTrans,
      blasint(m), blasint(n), blasint(k), alpha, a, blasint(max(lda, 1)), b,
      blasint(max(ldb, 1)), beta, c, blasint(max(ldc, 1)))
  }

  /// The number of threads OpenBLAS uses.
  static var threadCount: Int {
    get { Int(openblas_get_num_threads()) }
    set { openblas_set_num_threads(Int32(max(1, newValue))) }
  }
}
