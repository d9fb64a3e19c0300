import Dispatch
import ReelTensor

/// For score-based top-K accuracy against an exact index: per query, how many candidates
/// score strictly above a threshold, streaming the scores block by block (one matrix product
/// per block, as ``BlockTopK``) without selecting anything.
///
/// `tf.math.in_top_k` over the top `K` candidates holds at k ≤ K exactly when fewer than k
/// candidates score above the true candidate's score and none of the `K` retrieved scores is
/// infinite or NaN; the counts of non-finite scores tell the caller the latter.
enum BlockCount {
  /// Per query: candidates scoring strictly above `thresholds[i]`, candidates scoring +∞,
  /// and candidates whose score is finite; excluded rows (sorted ascending) are skipped.
  struct Counts {
    var above: [Int]
    var positiveInfinite: [Int]
    var finite: [Int]
    /// Candidates left after exclusions.
    var available: [Int]
  }

  static func run(
    queries: Tensor, candidates: Tensor, thresholds: [Float], excludedRows: [[Int32]]?,
    candidateBlock: Int? = nil, queryBlock: Int? = nil
  ) -> Counts {
    let batch = queries.shape[0]
    let count = candidates.shape[0]
    var counts = Counts(
      above: Array(repeating: 0, count: batch), positiveInfinite: Array(repeating: 0, count: batch),
      finite: Array(repeating: 0, count: batch), available: Array(repeating: 0, count: batch))
    guard batch > 0, count > 0 else { return counts }
    let cb = max(1, candidateBlock ?? min(count, 8192))
    let qb = max(1, queryBlock ?? max(8, min(1024, (1 << 20) / cb)))
    counts.above.withUnsafeMutableBufferPointer { above in
      counts.positiveInfinite.withUnsafeMutableBufferPointer { infinite in
        counts.finite.withUnsafeMutableBufferPointer { finite in
          counts.available.withUnsafeMutableBufferPointer { available in
            for qStart in stride(from: 0, to: batch, by: qb) {
              let qRows = min(qb, batch - qStart)
              let queryBlock = queries.rows(qStart..<(qStart + qRows))
              for cStart in stride(from: 0, to: count, by: cb) {
                let cCount = min(cb, count - cStart)
                let block = matmul(
                  queryBlock, candidates.rows(cStart..<(cStart + cCount)), transposeB: true)
                block.withUnsafeBufferPointer { s in
                  let base = s.baseAddress!
                  BlockTopK.forEachRowChunk(rows: qRows, work: qRows * cCount) { range in
                    for r in range {
                      let q = qStart + r
                      let tally = countRow(
                        base + r * cCount, columns: cStart..<(cStart + cCount),
                        threshold: thresholds[q], excluded: excludedRows?[q])
                      above[q] += tally.above
                      infinite[q] += tally.infinite
                      finite[q] += tally.finite
                      available[q] += tally.available
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return counts
  }

  /// The tallies of one row of a block, skipping excluded columns.
  private static func countRow(
    _ scores: UnsafePointer<Float>, columns: Range<Int>, threshold: Float, excluded: [Int32]?
  ) -> (above: Int, infinite: Int, finite: Int, available: Int) {
    var totals = (above: 0, infinite: 0, finite: 0, available: 0)
    func tally(_ range: Range<Int>) {
      var (above, infinite, finite) = (0, 0, 0)
      for i in range {
        let s = scores[i - columns.lowerBound]
        above &+= s > threshold ? 1 : 0
        infinite &+= s == .infinity ? 1 : 0
        finite &+= s.isFinite ? 1 : 0
      }
      totals.above += above
      totals.infinite += infinite
      totals.finite += finite
      totals.available += range.count
    }
    guard let excluded = excluded, !excluded.isEmpty else {
      tally(columns)
      return totals
    }
    var next = columns.lowerBound
    var cursor = 0
    while next < columns.upperBound {
      while cursor < excluded.count && Int(excluded[cursor]) < next { cursor += 1 }
      let stop =
        cursor < excluded.count
        ? min(Int(excluded[cursor]), columns.upperBound) : columns.upperBound
      if stop > next { tally(next..<stop) }
      next = stop + 1
    }
    return totals
  }
}
