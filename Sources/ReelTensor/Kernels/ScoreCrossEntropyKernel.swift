import Foundation

/// Softmax cross-entropy over dot-product scores `Q·Cᵀ` (the in-batch softmax of a retrieval
/// model), computed block by block so the score matrix never exists in full.
///
/// For each block of query rows: the block's scores come from one `sgemm`, each row's
/// maximum, log-sum-exp, loss and logit gradient are computed in place, and the block's
/// gradient is immediately multiplied back (`dQ_block = G·C`, `dC += Gᵀ·Q_block`) while it
/// is still in cache. For 8192 queries and candidates this replaces 256 MB written and read
/// three times by a few megabytes that stay in cache.
enum ScoreCrossEntropyKernel {
  /// Losses per query, and the gradients of `Σ_i rowScales_i · loss_i` with respect to the
  /// queries and candidates (when asked).
  ///
  /// Logits are `(q_i · c_j) / temperature + columnOffsets_j`; `classes[i]` is the positive
  /// column of query i.
  static func run(
    queries: Tensor, candidates: Tensor, classes: [Int32], temperature: Float,
    columnOffsets: [Float]?, rowScales: [Float]?, wantsQueryGradient: Bool,
    wantsCandidateGradient: Bool, blockRows requestedBlockRows: Int? = nil
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
    let wantsGradient = wantsQueryGradient || wantsCandidateGradient
    let scales = rowScales ?? [Float](repeating: 1, count: nq)
    var losses = [Float](repeating: 0, count: nq)
    // Empty stand-ins when a gradient is not wanted, so both can be written through pointers.
    var queryGradient = Tensor(shape: wantsQueryGradient ? [nq, d] : [0])
    var candidateGradient = Tensor(shape: wantsCandidateGradient ? [nc, d] : [0])
    guard nq > 0, nc > 0 else {
      return (
        losses, wantsQueryGradient ? queryGradient : nil,
        wantsCandidateGradient ? candidateGradient : nil
      )
    }
    // About 2 MB of scores per block: large enough for efficient products, small enough to
    // stay in cache between the three products that touch it.
    let blockRows = requestedBlockRows ?? Swift.max(8, Swift.min(512, (1 << 19) / nc))
    var block = Tensor(shape: [Swift.min(blockRows, nq), nc])
    let inverseTemperature = 1 / temperature
    queries.withUnsafeBufferPointer { qBuffer in
      candidates.withUnsafeBufferPointer { cBuffer in
        block.withUnsafeMutableBufferPointer { blockBuffer in
          losses.withUnsafeMutableBufferPointer { lossBuffer in
            queryGradient.withUnsafeMutableBufferPointer { dqBuffer in
              candidateGradient.withUnsafeMutableBufferPointer { dcBuffer in
                let q = qBuffer.baseAddress!
                let c = cBuffer.baseAddress!
                let s = blockBuffer.baseAddress!
                let lossBase = lossBuffer.baseAddress!
                for start in stride(from: 0, to: nq, by: blockRows) {
                  let rows = Swift.min(blockRows, nq - start)
                  BLAS.sgemm(
                    transposeA: false, transposeB: true, m: rows, n: nc, k: d,
                    alpha: inverseTemperature, a: q + start * d, b: c, beta: 0, c: s)
                  Parallel.forEachChunk(count: rows, minimumChunk: Swift.max(1, (1 << 14) / nc)) {
                    range in
                    for r in range {
                      let i = start + r
                      lossBase[i] = crossEntropyRow(
                        s + r * nc, count: nc, target: Int(classes[i]), offsets: columnOffsets,
                        gradientFactor: wantsGradient ? scales[i] * inverseTemperature : nil)
                    }
                  }
                  guard wantsGradient else { continue }
                  if wantsQueryGradient {
                    BLAS.sgemm(
                      transposeA: false, transposeB: false, m: rows, n: d, k: nc, alpha: 1,
                      a: s, b: c, beta: 0, c: dqBuffer.baseAddress! + start * d)
                  }
                  if wantsCandidateGradient {
                    BLAS.sgemm(
                      transposeA: true, transposeB: false, m: nc, n: d, k: rows, alpha: 1,
                      a: s, b: q + start * d, beta: 1, c: dcBuffer.baseAddress!)
                  }
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
      return m + Foundation.log(RowKernels.sumExpShifted(row, count: count, shift: m)) - targetLogit
    }
    let total = RowKernels.expShifted(row, row, count: count, shift: m)
    RowKernels.scale(row, count: count, by: factor / total)
    row[target] -= factor
    return m + Foundation.log(total) - targetLogit
  }
}
