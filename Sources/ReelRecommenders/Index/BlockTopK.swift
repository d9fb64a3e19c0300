import Dispatch
import Foundation
import ReelTensor

/// Exact top-k by dot product over a candidate matrix, computed in blocks. With AVX2 + FMA and
/// at least 16 queries, scores are computed in registers and filtered by each query's
/// selection threshold before they leave them (see ``runFused``). Otherwise a block of query
/// rows is scored against a block of candidates with one matrix product (OpenBLAS, on every
/// core), then each query row's scores go through its own buffered selection (rows split
/// across the cores; see ``SelectionStore``). Only one block of scores exists at a time.
///
/// Order: larger score first, equal scores by lower candidate row (as `tf.math.top_k`), NaN
/// below every number. Excluded rows are never offered.
enum BlockTopK {
  /// The top `k` rows of `candidates` for each row of `queries`: scores `[batch, k]` and rows
  /// (row-major, −1 and `-infinity` where fewer than `k` candidates remain).
  ///
  /// `excludedRows[i]` must be sorted ascending (duplicates allowed).
  static func run(
    queries: Tensor, candidates: Tensor, k: Int, excludedRows: [[Int32]]?,
    candidateBlock: Int? = nil, queryBlock: Int? = nil, fused: Bool = usesFusedKernel
  ) -> (scores: Tensor, rows: [Int32]) {
    let batch = queries.shape[0]
    let count = candidates.shape[0]
    var scores = Tensor(shape: [batch, k], repeating: -.infinity)
    var rows = [Int32](repeating: -1, count: batch * k)
    guard batch > 0, k > 0, count > 0 else { return (scores, rows) }
    // Packing a block costs about as much as scoring it against a few queries: the fused
    // path pays from a few dozen queries on.
    if fused && batch >= 16 {
      scores.withUnsafeMutableBufferPointer { s in
        rows.withUnsafeMutableBufferPointer { r in
          runFused(
            queries: queries, candidates: candidates, k: k, excludedRows: excludedRows,
            candidateBlock: candidateBlock, queryBlock: queryBlock, scores: s.baseAddress!,
            rows: r.baseAddress!)
        }
      }
      return (scores, rows)
    }
    let cb = max(1, candidateBlock ?? min(count, 8192))
    // About 4 MB of scores per block, and at most 2M buffered entries (16 MB) in all.
    let qb = max(1, queryBlock ?? max(8, min(1024, (1 << 20) / cb, (1 << 21) / (2 * k))))
    let selection = SelectionStore(rows: min(qb, batch), k: k)
    defer { selection.deallocate() }
    scores.withUnsafeMutableBufferPointer { outScores in
      rows.withUnsafeMutableBufferPointer { outRows in
        for qStart in stride(from: 0, to: batch, by: qb) {
          let qRows = min(qb, batch - qStart)
          selection.reset(rows: qRows)
          let queryBlock = queries.rows(qStart..<(qStart + qRows))
          for cStart in stride(from: 0, to: count, by: cb) {
            let cCount = min(cb, count - cStart)
            let block = matmul(
              queryBlock, candidates.rows(cStart..<(cStart + cCount)), transposeB: true)
            block.withUnsafeBufferPointer { s in
              let base = s.baseAddress!
              forEachRowChunk(rows: qRows, work: qRows * cCount) { range in
                for r in range {
                  selection.offer(
                    row: r, scores: base + r * cCount, count: cCount, firstColumn: cStart,
                    excluded: excludedRows?[qStart + r])
                }
              }
            }
          }
          forEachRowChunk(rows: qRows, work: qRows * k * 8) { range in
            for r in range {
              selection.writeSorted(
                row: r, scores: outScores.baseAddress! + (qStart + r) * k,
                rows: outRows.baseAddress! + (qStart + r) * k)
            }
          }
        }
      }
    }
    return (scores, rows)
  }

  /// The number of threads row loops use.
  static let workerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

  /// Calls `body` on disjoint chunks of `0..<rows`, on several threads when `work` (elements
  /// touched) is large enough to pay for them.
  static func forEachRowChunk(rows: Int, work: Int, _ body: (Range<Int>) -> Void) {
    let chunks = min(workerCount, rows, work / (1 << 15))
    if chunks <= 1 {
      body(0..<rows)
      return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      body((rows * chunk / chunks)..<(rows * (chunk + 1) / chunks))
    }
  }
}
