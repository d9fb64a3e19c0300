import CReelKernels

/// The folded passes of `activation(concat(E₁[ids₁], …, E_T[ids_T]) · W + b)`.
///
/// With `W` split into row blocks `W_t` (one per table, `d_t` rows each), the product is
/// `Σ_t E_t[ids_t] · W_t = Σ_t (E_t · W_t)[ids_t]`. So each touched table row is projected
/// once (`P_t = E_t[touched] · W_t`, `U_t × n`), and each example's pre-activation is a sum
/// of T projected rows plus the bias. Backward, the pre-activation gradient rows are
/// scatter-added into `dP_t` (one row per touched id), and then
/// `dW_t = E_t[touched]ᵀ · dP_t` and `dE_t[touched] = dP_t · W_tᵀ`: the tables' gradients
/// are sparse over the touched rows, already coalesced.
///
/// The projections of all tables live in the first `ΣU_t` rows of one `[capacity, n]` tensor.
/// Each example keeps T row numbers into it (`rowsOfExample`), table t's offset by
/// `Σ_{s<t} U_s`.
enum EmbeddingDenseKernel {
  /// Flop-equivalents charged per float of the folded gather-add (forward) and scatter-add
  /// (backward) sweeps in ``foldingPays(touched:widths:batch:outputs:recorded:)``. Measured on
  /// the project machine (one core, batch 8192, 256 outputs, two tables): about 0.45 ns and
  /// 0.7 ns per element, where the products run at about 50 GFLOP/s (0.02 ns per flop). Each
  /// element reads (or updates) a random projection row, which the plain path's matrix
  /// products do not.
  static let gatherCostPerElement = 24.0
  static let scatterCostPerElement = 40.0
  /// Flop-equivalents charged per output float of the plain path's own sweeps (the ReLU mask
  /// and bias sums backward, the concatenation and the gradients of the gathered rows),
  /// which folding does not run: about 1.3 ns per `batch × outputs` element, measured as
  /// above.
  static let plainSweepCostPerElement = 64.0

  /// The floating-point operations of the matrix products of one call: 2·m·n·k per product,
  /// one product forward, three (forward, kernel and input gradients) when `recorded`.
  /// Folded, `m` is each table's touched rows; unfolded, the batch.
  static func matmulFLOPs(
    touched: [Int]?, widths: [Int], batch: Int, outputs: Int, recorded: Bool
  ) -> Double {
    let products = recorded ? 3.0 : 1.0
    let rowsTimesWidths =
      touched.map { zip($0, widths).reduce(0) { $0 + $1.0 * $1.1 } }
      ?? batch * widths.reduce(0, +)
    return products * 2 * Double(rowsTimesWidths) * Double(outputs)
  }

  /// Whether folding costs less than gathering, concatenating and multiplying: the products'
  /// flops, plus for the plain path its backward sweeps over `batch · outputs` floats
  /// (``plainSweepCostPerElement`` each), and for the folded path the gather-add (and when
  /// `recorded`, scatter-add) sweeps over `T · batch · outputs` floats
  /// (``gatherCostPerElement``, ``scatterCostPerElement``). With T = 2 tables of width 32,
  /// folding pays while the distinct ids number fewer than about 1.65 × the batch in
  /// training and 1.25 × without a tape. MovieLens-100K and -1M vocabularies at batch 8192
  /// read about 2,600 and 7,800 distinct ids.
  static func foldingPays(
    touched: [Int], widths: [Int], batch: Int, outputs: Int, recorded: Bool
  ) -> Bool {
    let sweepCost = gatherCostPerElement + (recorded ? scatterCostPerElement : 0)
    let elements = Double(batch * outputs)
    let plain =
      matmulFLOPs(touched: nil, widths: widths, batch: batch, outputs: outputs, recorded: recorded)
      + (recorded ? plainSweepCostPerElement * elements : 0)
    let folded =
      matmulFLOPs(
        touched: touched, widths: widths, batch: batch, outputs: outputs, recorded: recorded)
      + sweepCost * Double(touched.count) * elements
    return folded < plain
  }

  /// The rows to allocate for `rows` projection rows: rounded up to a multiple of 1024, so
  /// batches with slightly different numbers of distinct ids get buffers of the same size,
  /// which the tensor buffer cache reuses (a new buffer of several MB costs page faults).
  static func capacity(forRows rows: Int) -> Int { (rows + 1023) / 1024 * 1024 }

  /// `P = [E₁[touched₁] · W₁; …; E_T[touched_T] · W_T]`: the first `ΣU_t` rows of a
  /// `[capacity(forRows: ΣU_t), n]` tensor (the rest are unset); `rows[t]` is
  /// `E_t[touched_t]` (`U_t × d_t`) and `W_t` is rows `kernelRows[t]` of `kernel`.
  static func project(rows: [Tensor], kernelRows: [Range<Int>], kernel: Tensor) -> Tensor {
    let n = kernel.shape[1]
    let total = rows.reduce(0) { $0 + $1.shape[0] }
    return Tensor(uninitializedShape: [capacity(forRows: total), n]) { c in
      guard let cBase = c.baseAddress else { return }
      var base = 0
      for (part, block) in zip(rows, kernelRows) {
        let (m, d) = (part.shape[0], part.shape[1])
        defer { base += m }
        let out = cBase + base * n
        guard m > 0, n > 0 else { continue }
        guard d > 0 else {
          out.initialize(repeating: 0, count: m * n)
          continue
        }
        part.withUnsafeBufferPointer { a in
          kernel.withUnsafeBufferPointer { w in
            let bt = w.baseAddress! + block.lowerBound * n
            if AffineKernel.prefersRegisterKernel(m: m, n: n, d: d) {
              AffineKernel.registerProduct(a: a.baseAddress!, bt: bt, out: out, m: m, n: n, d: d) {
                _ in
              }
            } else {
              BLAS.sgemm(
                transposeA: false, transposeB: false, m: m, n: n, k: d, alpha: 1,
                a: a.baseAddress!, b: bt, beta: 0, c: out)
            }
          }
        }
      }
    }
  }

  /// `activation(b + Σ_t P[rowsOfExample[i·T + t]])` for each of `batch` examples: the
  /// gather-add sweep, in chunks of examples on every core for large batches. With AVX2 and
  /// `n` a multiple of 8 it is a C loop that prefetches the projection rows a few examples
  /// ahead (each example reads T random rows of `n` floats).
  static func gatherAdd(
    projections: Tensor, rowsOfExample: [Int32], tables: Int, batch: Int, bias: Tensor?,
    activation: Activation
  ) -> Tensor {
    let n = projections.shape[1]
    let vectorized = RowKernels.usesAVX2 && n % 8 == 0
    let y = Tensor(uninitializedShape: [batch, n]) { out in
      guard let o = out.baseAddress, n > 0 else { return }
      projections.withUnsafeBufferPointer { pb in
        rowsOfExample.withUnsafeBufferPointer { rb in
          withOptionalPointer(bias) { b in
            let (p, r) = (pb.baseAddress!, rb.baseAddress!)
            let relu = activation == .relu
            Parallel.forEachChunk(count: batch, minimumChunk: max(1, (1 << 14) / n)) { examples in
              if vectorized {
                reel_gather_add_rows_avx2(
                  p, n, r, tables, b, o, examples.lowerBound, examples.upperBound, relu ? 1 : 0)
                return
              }
              for i in examples {
                sumRows(
                  of: p, rows: r + i * tables, tables: tables, bias: b, into: o + i * n,
                  width: n, relu: relu)
              }
            }
          }
        }
      }
    }
    switch activation {
    case .linear, .relu: return y
    case .sigmoid: return y.sigmoid()
    case .tanh: return y.tanh()
    }
  }

  /// `out = bias + Σ_t p[rows[t]]` over rows of `width` (bias 0 when nil), clamped at 0
  /// when `relu`: the portable loop.
  @inline(__always)
  private static func sumRows(
    of p: UnsafePointer<Float>, rows: UnsafePointer<Int32>, tables: Int,
    bias: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>, width: Int, relu: Bool
  ) {
    var j = 0
    while j + 8 <= width {
      var v = bias.map { VectorMath.load($0 + j) } ?? .zero
      for t in 0..<tables { v += VectorMath.load(p + Int(rows[t]) * width + j) }
      if relu { v.replace(with: 0, where: v .< 0) }
      VectorMath.store(v, out + j)
      j += 8
    }
    while j < width {
      var v = bias?[j] ?? 0
      for t in 0..<tables { v += p[Int(rows[t]) * width + j] }
      out[j] = relu && v < 0 ? 0 : v
      j += 1
    }
  }

  /// The backward sweep: from the upstream gradient `g` (`[batch, n]`) and, for ReLU, the
  /// output `y`, the pre-activation gradient rows summed into `dP` (the first
  /// `projectionRows` rows of a `[capacity(forRows: projectionRows), n]` tensor, one row per
  /// touched id) and, when `wantsBias`, into the bias gradient. With AVX2 and `n` a multiple
  /// of 8 it is a C loop that prefetches the target rows a few examples ahead.
  ///
  /// It runs on one thread. Splitting the columns between the cores made each core stream
  /// every row of `g` and `y` (the prefetchers fetch whole neighbourhoods), which doubled the
  /// sweep's CPU time for no gain in wall time: the sweep is bound by memory bandwidth.
  ///
  /// `g` must already be the pre-activation gradient unless `reluOutput` is given, in which
  /// case it is masked where `reluOutput ≤ 0`.
  static func scatterAdd(
    _ g: Tensor, reluOutput: Tensor?, rowsOfExample: [Int32], tables: Int,
    projectionRows: Int, wantsBias: Bool
  ) -> (projections: Tensor, bias: Tensor?) {
    let n = g.shape[g.rank - 1]
    let batch = n == 0 ? 0 : g.scalarCount / n
    let vectorized = RowKernels.usesAVX2 && n % 8 == 0
    var bias = wantsBias ? Tensor(shape: [n]) : nil
    var dP = Tensor(uninitializedShape: [capacity(forRows: projectionRows), n]) {
      $0.baseAddress?.initialize(repeating: 0, count: projectionRows * n)
    }
    g.withUnsafeBufferPointer { gb in
      withOptionalPointer(reluOutput) { yp in
        rowsOfExample.withUnsafeBufferPointer { rb in
          dP.withUnsafeMutableBufferPointer { pb in
            withOptionalMutablePointer(&bias) { bp in
              guard let gp = gb.baseAddress, let p = pb.baseAddress else { return }
              let r = rb.baseAddress!
              if vectorized {
                reel_scatter_add_rows_avx2(gp, yp, n, r, tables, p, bp, batch, 0, n)
                return
              }
              for i in 0..<batch {
                scatterRow(
                  gp + i * n, mask: yp.map { $0 + i * n }, into: p, rows: r + i * tables,
                  tables: tables, bias: bp, width: n)
              }
            }
          }
        }
      }
    }
    return (dP, bias)
  }

  /// Adds row `g` (masked where `mask ≤ 0`, when given) to rows `rows[0..<tables]` of `p`
  /// and to `bias`: the portable loop.
  @inline(__always)
  private static func scatterRow(
    _ g: UnsafePointer<Float>, mask: UnsafePointer<Float>?, into p: UnsafeMutablePointer<Float>,
    rows: UnsafePointer<Int32>, tables: Int, bias: UnsafeMutablePointer<Float>?, width: Int
  ) {
    var j = 0
    while j + 8 <= width {
      var v = VectorMath.load(g + j)
      if let mask = mask { v.replace(with: 0, where: .!(VectorMath.load(mask + j) .> 0)) }
      for t in 0..<tables {
        let target = p + Int(rows[t]) * width + j
        VectorMath.store(VectorMath.load(target) + v, target)
      }
      if let bias = bias { VectorMath.store(VectorMath.load(bias + j) + v, bias + j) }
      j += 8
    }
    while j < width {
      let v = mask.map { $0[j] > 0 ? g[j] : 0 } ?? g[j]
      for t in 0..<tables { p[Int(rows[t]) * width + j] += v }
      bias?[j] += v
      j += 1
    }
  }

  /// `dW_t = E_t[touched]ᵀ · dP_t` for every table, written into row block `kernelRows[t]` of
  /// one `[Σd_t, n]` kernel gradient.
  static func kernelGradient(
    rows: [Tensor], kernelRows: [Range<Int>], projections dP: Tensor, kernelShape: [Int]
  ) -> Tensor {
    let n = kernelShape[1]
    return Tensor(uninitializedShape: kernelShape) { out in
      guard let o = out.baseAddress else { return }
      dP.withUnsafeBufferPointer { pb in
        var base = 0
        for (part, block) in zip(rows, kernelRows) {
          let (m, d) = (part.shape[0], part.shape[1])
          defer { base += m }
          let target = o + block.lowerBound * n
          guard d > 0, n > 0 else { continue }
          guard m > 0 else {
            target.initialize(repeating: 0, count: d * n)
            continue
          }
          part.withUnsafeBufferPointer { a in
            BLAS.sgemm(
              transposeA: true, transposeB: false, m: d, n: n, k: m, alpha: 1,
              a: a.baseAddress!, b: pb.baseAddress! + base * n, beta: 0, c: target)
          }
        }
      }
    }
  }

  /// `dE_t[touched] = dP_t · W_tᵀ`, shape `[U_t, d_t]`, for the table whose projection rows
  /// are `projectionRows` of `dP`.
  static func tableGradient(
    projections dP: Tensor, projectionRows: Range<Int>, kernel: Tensor, kernelRows: Range<Int>
  ) -> Tensor {
    AffineKernel.inputGradient(g: dP.rows(projectionRows), kernel: kernel.rows(kernelRows))
  }

  private static func withOptionalPointer<R>(
    _ tensor: Tensor?, _ body: (UnsafePointer<Float>?) -> R
  ) -> R {
    guard let tensor = tensor else { return body(nil) }
    return tensor.withUnsafeBufferPointer { body($0.baseAddress) }
  }

  private static func withOptionalMutablePointer<R>(
    _ tensor: inout Tensor?, _ body: (UnsafeMutablePointer<Float>?) -> R
  ) -> R {
    guard tensor != nil else { return body(nil) }
    return tensor!.withUnsafeMutableBufferPointer { body($0.baseAddress) }
  }
}
