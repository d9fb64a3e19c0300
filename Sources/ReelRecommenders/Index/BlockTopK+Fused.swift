import CReelKernels
import Dispatch
import ReelTensor

extension BlockTopK {
  /// Whether ``run(queries:candidates:k:excludedRows:candidateBlock:queryBlock:fused:)``
  /// scores in registers (AVX2 + FMA) by default instead of through OpenBLAS score blocks.
  static let usesFusedKernel = reel_kernels_avx2() == 1

  /// The fused path: the query rows of a block are split into chunks, one per task (several
  /// per core, for balance on a shared machine); a task packs each block of `cb` candidates
  /// into panels of 16 (L2-sized), scores its queries against them in registers
  /// (`reel_dot_hits_avx2`) and receives only the scores above each query's current
  /// selection threshold, which it offers to the selection; the thresholds are refreshed
  /// after every block. No score matrix is stored.
  static func runFused(
    queries: Tensor, candidates: Tensor, k: Int, excludedRows: [[Int32]]?,
    candidateBlock: Int?, queryBlock: Int?,
    scores outScores: UnsafeMutablePointer<Float>, rows outRows: UnsafeMutablePointer<Int32>
  ) {
    let batch = queries.shape[0]
    let count = candidates.shape[0]
    let d = queries.shape[1]
    // 64 KB of packed candidates per block: they stay in L2 while every query passes.
    let cb = max(1, candidateBlock ?? min(count, max(16, (1 << 14) / max(d, 1) / 16 * 16)))
    // At most 2M buffered entries (16 MB) in all.
    let qb = max(1, queryBlock ?? max(8, min(batch, (1 << 21) / (2 * k))))
    let selection = SelectionStore(rows: min(qb, batch), k: k)
    defer { selection.deallocate() }
    queries.withUnsafeBufferPointer { qAll in
      candidates.withUnsafeBufferPointer { cAll in
        for qStart in stride(from: 0, to: batch, by: qb) {
          let qRows = min(qb, batch - qStart)
          selection.reset(rows: qRows)
          // Chunks of at least 24 queries (each chunk streams every candidate once).
          let chunks = max(1, min(workerCount * 4, qRows / 24, qRows * count * d / (1 << 16)))
          let run = { (chunk: Int) in
            let lo = qRows * chunk / chunks
            let hi = qRows * (chunk + 1) / chunks
            scoreChunk(
              queries: qAll.baseAddress! + (qStart + lo) * d, rows: lo..<hi, d: d,
              candidates: cAll.baseAddress!, count: count, cb: cb, selection: selection,
              excludedRows: excludedRows, queryOffset: qStart)
          }
          if chunks == 1 {
            run(0)
          } else {
            DispatchQueue.concurrentPerform(iterations: chunks, execute: run)
          }
          forEachRowChunk(rows: qRows, work: qRows * k * 8) { range in
            for r in range {
              selection.writeSorted(
                row: r, scores: outScores + (qStart + r) * k, rows: outRows + (qStart + r) * k)
            }
          }
        }
      }
    }
  }

  /// One task of ``runFused``: selection rows `rows` (queries starting at `queries`) against
  /// every candidate.
  private static func scoreChunk(
    queries: UnsafePointer<Float>, rows: Range<Int>, d: Int, candidates: UnsafePointer<Float>,
    count: Int, cb: Int, selection: SelectionStore, excludedRows: [[Int32]]?, queryOffset: Int
  ) {
    let m = rows.count
    guard m > 0 else { return }
    let panels = UnsafeMutablePointer<Float>.allocate(capacity: (cb + 15) / 16 * 16 * d)
    let capacity = m * cb
    let hitQuery = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
    let hitColumn = UnsafeMutablePointer<Int32>.allocate(capacity: capacity)
    let hitScore = UnsafeMutablePointer<Float>.allocate(capacity: capacity)
    let thresholds = UnsafeMutablePointer<Float>.allocate(capacity: m)
    defer {
      panels.deallocate()
      hitQuery.deallocate()
      hitColumn.deallocate()
      hitScore.deallocate()
      thresholds.deallocate()
    }
    for i in 0..<m { thresholds[i] = selection.filterThreshold(row: rows.lowerBound + i) }
    for cStart in stride(from: 0, to: count, by: cb) {
      let n = min(cb, count - cStart)
      reel_pack_panels16(candidates + cStart * d, n, d, panels)
      let hits = reel_dot_hits_avx2(
        queries, m, d, panels, n, thresholds, hitQuery, hitColumn, hitScore)
      guard hits > 0 else { continue }
      for h in 0..<hits {
        let i = Int(hitQuery[h])
        let row = rows.lowerBound + i
        selection.offer(
          row: row, score: hitScore[h], column: cStart + Int(hitColumn[h]),
          excluded: excludedRows?[queryOffset + row])
        thresholds[i] = selection.filterThreshold(row: row)
      }
    }
  }
}
