import Dispatch
import Foundation
import ReelTensor

/// Exact top-k by dot product over a candidate matrix, computed in blocks: a block of query
/// rows is scored against a block of candidates with one matrix product (OpenBLAS, on every
/// core), then each query row's scores go through its own bounded heap (rows split across the
/// cores). Only one block of scores exists at a time.
///
/// Order: larger score first, equal scores by lower candidate row (as `tf.math.top_k`), NaN
/// below every number. Excluded rows never enter a heap.
enum BlockTopK {
  /// The top `k` rows of `candidates` for each row of `queries`: scores `[batch, k]` and rows
  /// (row-major, −1 and `-infinity` where fewer than `k` candidates remain).
  ///
  /// `excludedRows[i]` must be sorted ascending (duplicates allowed).
  static func run(
    queries: Tensor, candidates: Tensor, k: Int, excludedRows: [[Int32]]?,
    candidateBlock: Int? = nil, queryBlock: Int? = nil
  ) -> (scores: Tensor, rows: [Int32]) {
    let batch = queries.shape[0]
    let count = candidates.shape[0]
    var scores = Tensor(shape: [batch, k], repeating: -.infinity)
    var rows = [Int32](repeating: -1, count: batch * k)
    guard batch > 0, k > 0, count > 0 else { return (scores, rows) }
    let cb = max(1, candidateBlock ?? min(count, 8192))
    let qb = max(1, queryBlock ?? max(8, min(1024, (1 << 20) / cb)))
    let heaps = HeapStore(rows: min(qb, batch), capacity: k)
    defer { heaps.deallocate() }
    scores.withUnsafeMutableBufferPointer { outScores in
      rows.withUnsafeMutableBufferPointer { outRows in
        for qStart in stride(from: 0, to: batch, by: qb) {
          let qRows = min(qb, batch - qStart)
          heaps.reset(rows: qRows)
          let queryBlock = queries.rows(qStart..<(qStart + qRows))
          for cStart in stride(from: 0, to: count, by: cb) {
            let cCount = min(cb, count - cStart)
            let block = matmul(
              queryBlock, candidates.rows(cStart..<(cStart + cCount)), transposeB: true)
            block.withUnsafeBufferPointer { s in
              let base = s.baseAddress!
              forEachRowChunk(rows: qRows, work: qRows * cCount) { range in
                for r in range {
                  heaps.offer(
                    row: r, scores: base + r * cCount, count: cCount, firstColumn: cStart,
                    excluded: excludedRows?[qStart + r])
                }
              }
            }
          }
          forEachRowChunk(rows: qRows, work: qRows * k * 8) { range in
            for r in range {
              heaps.writeSorted(
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
  private static func forEachRowChunk(rows: Int, work: Int, _ body: (Range<Int>) -> Void) {
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

/// One bounded min-heap per query row of a block, in flat buffers: the root of each is the
/// worst entry kept, so most candidates are rejected after one comparison. Each row is only
/// ever touched by one thread at a time.
struct HeapStore {
  private let values: UnsafeMutablePointer<Float>
  private let columns: UnsafeMutablePointer<Int32>
  private let sizes: UnsafeMutablePointer<Int>
  /// Per row, how far through its sorted exclusion list the scan has gone.
  private let cursors: UnsafeMutablePointer<Int>
  private let capacity: Int
  private let maxRows: Int

  init(rows: Int, capacity: Int) {
    maxRows = rows
    self.capacity = capacity
    values = .allocate(capacity: rows * capacity)
    columns = .allocate(capacity: rows * capacity)
    sizes = .allocate(capacity: rows)
    cursors = .allocate(capacity: rows)
  }

  func deallocate() {
    values.deallocate()
    columns.deallocate()
    sizes.deallocate()
    cursors.deallocate()
  }

  func reset(rows: Int) {
    sizes.initialize(repeating: 0, count: min(rows, maxRows))
    cursors.initialize(repeating: 0, count: min(rows, maxRows))
  }

  /// Whether (v1, c1) ranks above (v2, c2): larger value, then lower column; NaN last.
  @inline(__always)
  static func ranksAbove(_ v1: Float, _ c1: Int32, _ v2: Float, _ c2: Int32) -> Bool {
    if v1 > v2 { return true }
    if v1 == v2 { return c1 < c2 }
    if v2.isNaN { return !v1.isNaN || c1 < c2 }
    return false
  }

  /// Offers `count` scores of columns `firstColumn...` to heap `row`, skipping the columns
  /// listed in `excluded` (sorted ascending).
  func offer(
    row: Int, scores: UnsafePointer<Float>, count: Int, firstColumn: Int, excluded: [Int32]?
  ) {
    let v = values + row * capacity
    let c = columns + row * capacity
    var size = sizes[row]
    var cursor = cursors[row]
    let end = Int32(firstColumn + count)
    var nextExcluded = Int32.max
    if let excluded = excluded {
      while cursor < excluded.count && excluded[cursor] < Int32(firstColumn) { cursor += 1 }
      if cursor < excluded.count { nextExcluded = excluded[cursor] }
    }
    var column = Int32(firstColumn)
    var i = 0
    while column < end {
      if column == nextExcluded {
        // Skip this column and any repeats of it in the list.
        while cursor < excluded!.count && excluded![cursor] == column { cursor += 1 }
        nextExcluded = cursor < excluded!.count ? excluded![cursor] : Int32.max
      } else {
        let score = scores[i]
        if size < capacity {
          v[size] = score
          c[size] = column
          HeapStore.siftUp(v, c, size)
          size += 1
        } else if HeapStore.ranksAbove(score, column, v[0], c[0]) {
          v[0] = score
          c[0] = column
          HeapStore.siftDown(v, c, 0, size)
        }
      }
      column += 1
      i += 1
    }
    sizes[row] = size
    cursors[row] = cursor
  }

  /// Writes heap `row`'s entries best first into `scores` and `rows` (which the caller
  /// filled with padding), emptying it.
  func writeSorted(row: Int, scores: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Int32>) {
    let v = values + row * capacity
    let c = columns + row * capacity
    var size = sizes[row]
    while size > 0 {
      // The root is the worst remaining entry: it goes last.
      scores[size - 1] = v[0]
      rows[size - 1] = c[0]
      size -= 1
      v[0] = v[size]
      c[0] = c[size]
      HeapStore.siftDown(v, c, 0, size)
    }
    sizes[row] = 0
  }

  @inline(__always)
  private static func exchange(
    _ v: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Int32>, _ i: Int, _ j: Int
  ) {
    let (value, column) = (v[i], c[i])
    v[i] = v[j]
    c[i] = c[j]
    v[j] = value
    c[j] = column
  }

  // A node sits below its parent when it ranks above it (the root ranks lowest).
  @inline(__always)
  private static func siftUp(
    _ v: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Int32>, _ start: Int
  ) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard ranksAbove(v[parent], c[parent], v[child], c[child]) else { return }
      exchange(v, c, child, parent)
      child = parent
    }
  }

  @inline(__always)
  private static func siftDown(
    _ v: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Int32>, _ start: Int, _ n: Int
  ) {
    var parent = start
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var lowest = parent
      if left < n && ranksAbove(v[lowest], c[lowest], v[left], c[left]) { lowest = left }
      if right < n && ranksAbove(v[lowest], c[lowest], v[right], c[right]) { lowest = right }
      if lowest == parent { return }
      exchange(v, c, parent, lowest)
      parent = lowest
    }
  }
}
