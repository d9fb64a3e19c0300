import CReelKernels
import Dispatch
import Foundation

/// Softmax cross-entropy over dot-product scores `Q·Cᵀ` (the in-batch softmax of a retrieval
/// model), computed block by block so the score matrix never exists in full.
///
/// For each block of query rows: the block's scores are computed, each row's maximum,
/// log-sum-exp, loss and logit gradient are computed in place, and the block's gradient is
/// immediately multiplied back (`dQ_block = G·C`, `dC += Gᵀ·Q_block`) while it is still in
/// cache. For 8192 queries and candidates this replaces 256 MB written and read three times
/// by a megabyte or two per thread that stays in cache.
///
/// Two ways to run the products: OpenBLAS `sgemm` per block (any CPU, any d), or — with
/// AVX2 + FMA and d a multiple of 8 — the register-blocked C kernels in `CReelKernels`, which
/// run these skinny shapes (inner dimension d = 32) several times faster than `sgemm` and let
/// each core work through its own blocks without synchronising.
enum ScoreCrossEntropyKernel {
  /// How the block products are computed.
  enum Path {
    case blas
    case registerKernels
  }

  /// The operands of one call, as raw pointers (valid for the duration of the call).
  private struct Operands {
    let q: UnsafePointer<Float>
    let c: UnsafePointer<Float>
    let dq: UnsafeMutablePointer<Float>?
    let dc: UnsafeMutablePointer<Float>?
    let losses: UnsafeMutablePointer<Float>
    let classes: [Int32]
    let offsets: [Float]?
    let scales: [Float]
    let inverseTemperature: Float
    let nq: Int
    let nc: Int
    let d: Int
    var wantsGradient: Bool { dq != nil || dc != nil }
  }

  /// Losses per query, and the gradients of `Σ_i rowScales_i · loss_i` with respect to the
  /// queries and candidates (when asked).
  ///
  /// Logits are `(q_i · c_j) / temperature + columnOffsets_j`; `classes[i]` is the positive
  /// column of query i. `path` and `blockRows` are chosen automatically unless given (tests
  /// give them to cover both paths and block boundaries).
  static func run(
    queries: Tensor, candidates: Tensor, classes: [Int32], temperature: Float,
    columnOffsets: [Float]?, rowScales: [Float]?, wantsQueryGradient: Bool,
    wantsCandidateGradient: Bool, blockRows: Int? = nil, path: Path? = nil
  ) -> (losses: [Float], queryGradient: Tensor?, candidateGradient: Tensor?) {
    precondition(
      queries.rank == 2 && candidates.rank == 2 && queries.shape[1] == candidates.shape[1],
      "scoreCrossEntropy: queries \(queries.shape) and candidates \(candidates.shape) must be "
        + "[n, d] and [m, d]")
    let (nq, nc, d) = (queries.shape[0], candidates.shape[0], queries.shape[1])
    precondition(
      classes.count == nq, "scoreCrossEntropy: \(classes.count) classes for \(nq) queries")
    for c in classes {
      precondition(c >= 0 && Int(c) < nc, "scoreCrossEntropy: class \(c) outside 0..<\(nc)")
    }
    if let offsets = columnOffsets {
      precondition(
        offsets.count == nc, "scoreCrossEntropy: \(offsets.count) offsets for \(nc) columns")
    }
    let scales = rowScales ?? [Float](repeating: 1, count: nq)
    var losses = [Float](repeating: 0, count: nq)
    // Empty stand-ins when a gradient is not wanted, so both can be written through pointers.
    var queryGradient = Tensor(shape: wantsQueryGradient ? [nq, d] : [0])
    var candidateGradient = Tensor(shape: wantsCandidateGradient ? [nc, d] : [0])
    if nq > 0 && nc > 0 {
      let usable = RowKernels.usesAVX2 && d % 8 == 0 && d > 0
      let chosen = path ?? (usable ? .registerKernels : .blas)
      precondition(chosen == .blas || usable, "scoreCrossEntropy: register kernels unavailable")
      queries.withUnsafeBufferPointer { q in
        candidates.withUnsafeBufferPointer { c in
          queryGradient.withUnsafeMutableBufferPointer { dq in
            candidateGradient.withUnsafeMutableBufferPointer { dc in
              losses.withUnsafeMutableBufferPointer { lossBuffer in
                let operands = Operands(
                  q: q.baseAddress!, c: c.baseAddress!,
                  dq: wantsQueryGradient ? dq.baseAddress! : nil,
                  dc: wantsCandidateGradient ? dc.baseAddress! : nil,
                  losses: lossBuffer.baseAddress!, classes: classes, offsets: columnOffsets,
                  scales: scales, inverseTemperature: 1 / temperature, nq: nq, nc: nc, d: d)
                switch chosen {
                case .blas:
                  // About 2 MB of scores per block, shared by both cores through OpenBLAS.
                  runWithBLAS(operands, blockRows: blockRows ?? max(8, min(512, (1 << 19) / nc)))
                case .registerKernels:
                  // About 512 KB of scores per block and per core (a Zen core's L2).
                  runWithRegisterKernels(
                    operands, blockRows: blockRows ?? max(4, min(256, (1 << 17) / nc)))
                }
              }
            }
          }
        }
      }
    }
    return (
      losses, wantsQueryGradient ? queryGradient : nil,
      wantsCandidateGradient ? candidateGradient : nil
    )
  }

  /// Blocks one after another; each product through OpenBLAS (on every core), the softmax
  /// rows of a block split across the cores.
  private static func runWithBLAS(_ o: Operands, blockRows: Int) {
    let block = UnsafeMutablePointer<Float>.allocate(capacity: min(blockRows, o.nq) * o.nc)
    defer { block.deallocate() }
    for start in stride(from: 0, to: o.nq, by: blockRows) {
      let rows = min(blockRows, o.nq - start)
      BLAS.sgemm(
        transposeA: false, transposeB: true, m: rows, n: o.nc, k: o.d,
        alpha: o.inverseTemperature, a: o.q + start * o.d, b: o.c, beta: 0, c: block)
      Parallel.forEachChunk(count: rows, minimumChunk: max(1, (1 << 14) / o.nc)) { range in
        for r in range {
          processRow(o, row: start + r, scores: block + r * o.nc)
        }
      }
      if let dq = o.dq {
        BLAS.sgemm(
          transposeA: false, transposeB: false, m: rows, n: o.d, k: o.nc, alpha: 1,
          a: block, b: o.c, beta: 0, c: dq + start * o.d)
      }
      if let dc = o.dc {
        BLAS.sgemm(
          transposeA: true, transposeB: false, m: o.nc, n: o.d, k: rows, alpha: 1,
          a: block, b: o.q + start * o.d, beta: 1, c: dc)
      }
    }
  }

  /// Each core takes a contiguous share of the blocks with its own score buffer and its own
  /// candidate-gradient accumulator (summed at the end); products through the AVX2 kernels.
  private static func runWithRegisterKernels(_ o: Operands, blockRows: Int) {
    let (nc, d) = (o.nc, o.d)
    // Rows of the wide matrices are `stride` floats apart, not a power of two like 8192:
    // walking down a column would otherwise hit one cache set on every row.
    let stride = nc + 16
    // Cᵀ ([d][nc]) so the score kernel reads 16 candidates' k-th components contiguously.
    let transposed = UnsafeMutablePointer<Float>.allocate(capacity: d * stride)
    defer { transposed.deallocate() }
    for j in 0..<nc {
      for k in 0..<d { transposed[k * stride + j] = o.c[j * d + k] }
    }
    let blocks = (o.nq + blockRows - 1) / blockRows
    let workers = max(1, min(Parallel.workerCount, blocks))
    // Worker 0 accumulates straight into dC; the others into zeroed partial sums.
    let partialCount = o.dc == nil ? 0 : (workers - 1) * nc * d
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: max(1, partialCount))
    defer { partials.deallocate() }
    partials.initialize(repeating: 0, count: partialCount)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      let block = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * stride)
      defer { block.deallocate() }
      let dc = o.dc.map { worker == 0 ? $0 : partials + (worker - 1) * nc * d }
      for b in (blocks * worker / workers)..<(blocks * (worker + 1) / workers) {
        let start = b * blockRows
        let rows = min(blockRows, o.nq - start)
        reel_scores_avx2(
          o.q + start * d, transposed, stride, block, stride, rows, nc, d, o.inverseTemperature)
        for r in 0..<rows {
          processRow(o, row: start + r, scores: block + r * stride)
        }
        if let dq = o.dq {
          reel_rows_times_matrix_avx2(block, stride, o.c, dq + start * d, rows, nc, d)
        }
        if let dc = dc {
          reel_accumulate_transposed_product_avx2(block, stride, o.q + start * d, dc, rows, nc, d)
        }
      }
    }
    if let dc = o.dc {
      for worker in 1..<workers {
        let partial = partials + (worker - 1) * nc * d
        for i in 0..<(nc * d) { dc[i] += partial[i] }
      }
    }
  }

  /// Loss of query `row` from its scores; when gradients are wanted, the scores become
  /// `d loss / d score` in place.
  @inline(__always)
  private static func processRow(_ o: Operands, row: Int, scores: UnsafeMutablePointer<Float>) {
    o.losses[row] = crossEntropyRow(
      scores, count: o.nc, target: Int(o.classes[row]), offsets: o.offsets,
      gradientFactor: o.wantsGradient ? o.scales[row] * o.inverseTemperature : nil)
  }

  /// One row of logits: adds the column offsets, returns `logsumexp − logit[target]` and,
  /// given a factor, overwrites the row with `factor · (softmax − onehot(target))`.
  @inline(__always)
  private static func crossEntropyRow(
    _ row: UnsafeMutablePointer<Float>, count: Int, target: Int, offsets: [Float]?,
    gradientFactor: Float?
  ) -> Float {
    if let offsets = offsets {
      for j in 0..<count { row[j] += offsets[j] }
    }
    let targetLogit = row[target]
    let m = RowKernels.max(row, count: count)
    guard let factor = gradientFactor else {
      return m + Foundation.log(RowKernels.sumExpShifted(row, count: count, shift: m))
        - targetLogit
    }
    let total = RowKernels.expShifted(row, row, count: count, shift: m)
    RowKernels.scale(row, count: count, by: factor / total)
    row[target] -= factor
    return m + Foundation.log(total) - targetLogit
  }
}
