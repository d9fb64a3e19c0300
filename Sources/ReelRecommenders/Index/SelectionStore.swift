/// The running top k of each query row of a block, kept as a buffer of up to 2k entries plus
/// a threshold: a score enters the buffer only if it ranks above the threshold (one `>` for
/// most candidates), and a full buffer is cut back to its best k by a quickselect, whose
/// k-th entry becomes the new threshold. This does linear work per cut instead of a heap's
/// unpredictable branches per accepted entry.
///
/// Order: larger value first, then lower column; NaN below every number. Columns are offered
/// in increasing order, so a new score that equals the threshold never ranks above it.
/// Each row is only touched by one thread at a time.
struct SelectionStore {
  private let values: UnsafeMutablePointer<Float>
  private let columns: UnsafeMutablePointer<Int32>
  private let sizes: UnsafeMutablePointer<Int>
  /// Per row: the worst kept entry once the buffer has been cut, else nil (accept all).
  private let thresholds: UnsafeMutablePointer<Float?>
  /// Per row, how far through its sorted exclusion list the scan has gone.
  private let cursors: UnsafeMutablePointer<Int>
  private let k: Int
  private let capacity: Int
  private let maxRows: Int

  init(rows: Int, k: Int) {
    maxRows = rows
    self.k = k
    capacity = 2 * k
    values = .allocate(capacity: rows * capacity)
    columns = .allocate(capacity: rows * capacity)
    sizes = .allocate(capacity: rows)
    thresholds = .allocate(capacity: rows)
    cursors = .allocate(capacity: rows)
  }

  func deallocate() {
    values.deallocate()
    columns.deallocate()
    sizes.deallocate()
    thresholds.deallocate()
    cursors.deallocate()
  }

  func reset(rows: Int) {
    let n = min(rows, maxRows)
    sizes.initialize(repeating: 0, count: n)
    thresholds.initialize(repeating: nil, count: n)
    cursors.initialize(repeating: 0, count: n)
  }

  /// Whether (v1, c1) ranks above (v2, c2).
  @inline(__always)
  static func ranksAbove(_ v1: Float, _ c1: Int32, _ v2: Float, _ c2: Int32) -> Bool {
    if v1 > v2 { return true }
    if v1 == v2 { return c1 < c2 }
    if v2.isNaN { return !v1.isNaN || c1 < c2 }
    return false
  }

  /// Offers `count` scores of columns `firstColumn...` to row `row`, skipping the columns
  /// listed in `excluded` (sorted ascending).
  func offer(
    row: Int, scores: UnsafePointer<Float>, count: Int, firstColumn: Int, excluded: [Int32]?
  ) {
    guard let excluded = excluded, !excluded.isEmpty else {
      offerRun(row: row, scores: scores, columns: firstColumn..<(firstColumn + count))
      return
    }
    // The runs of columns between excluded ones.
    var cursor = cursors[row]
    var next = firstColumn
    let end = firstColumn + count
    while next < end {
      while cursor < excluded.count && Int(excluded[cursor]) < next { cursor += 1 }
      let stop = cursor < excluded.count ? min(Int(excluded[cursor]), end) : end
      if stop > next {
        offerRun(row: row, scores: scores + (next - firstColumn), columns: next..<stop)
      }
      next = stop + 1  // skips the excluded column (or ends the block)
    }
    cursors[row] = cursor
  }

  /// Offers one score of column `column` to row `row` (columns offered to a row must
  /// increase), skipping it if `excluded` (sorted ascending) lists the column.
  @inline(__always)
  func offer(row: Int, score: Float, column: Int, excluded: [Int32]?) {
    if let excluded = excluded, !excluded.isEmpty {
      var cursor = cursors[row]
      while cursor < excluded.count && Int(excluded[cursor]) < column { cursor += 1 }
      cursors[row] = cursor
      if cursor < excluded.count && Int(excluded[cursor]) == column { return }
    }
    let threshold = thresholds[row]
    if let t = threshold, !(score > t || (t.isNaN && !score.isNaN)) { return }
    let v = values + row * capacity
    let c = columns + row * capacity
    var size = sizes[row]
    v[size] = score
    c[size] = Int32(column)
    size += 1
    if size == capacity {
      SelectionStore.select(v, c, count: size, keep: k)
      size = k
      thresholds[row] = v[SelectionStore.worst(v, c, count: k)]
    }
    sizes[row] = size
  }

  /// A threshold for prefiltering row `row`'s scores: every score that could still enter
  /// satisfies `!(score <= filterThreshold)` (NaN when everything may enter).
  func filterThreshold(row: Int) -> Float { thresholds[row] ?? .nan }

  @inline(__always)
  private func offerRun(row: Int, scores: UnsafePointer<Float>, columns range: Range<Int>) {
    let v = values + row * capacity
    let c = columns + row * capacity
    var size = sizes[row]
    var threshold = thresholds[row]
    for i in 0..<range.count {
      let score = scores[i]
      if let t = threshold, !(score > t || (t.isNaN && !score.isNaN)) { continue }
      v[size] = score
      c[size] = Int32(range.lowerBound + i)
      size += 1
      if size == capacity {
        SelectionStore.select(v, c, count: size, keep: k)
        size = k
        threshold = v[SelectionStore.worst(v, c, count: k)]
      }
    }
    sizes[row] = size
    thresholds[row] = threshold
  }

  /// Writes row `row`'s best k (or fewer) entries best first into `scores` and `rows`
  /// (which the caller filled with padding).
  func writeSorted(row: Int, scores: UnsafeMutablePointer<Float>, rows: UnsafeMutablePointer<Int32>)
  {
    let v = values + row * capacity
    let c = columns + row * capacity
    var size = sizes[row]
    if size > k {
      SelectionStore.select(v, c, count: size, keep: k)
      size = k
    }
    SelectionStore.sort(v, c, 0, size)
    scores.update(from: v, count: size)
    rows.update(from: c, count: size)
  }

  /// The index of the lowest-ranked of the first `count` entries.
  private static func worst(
    _ v: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Int32>, count: Int
  ) -> Int {
    var w = 0
    for i in 1..<count where ranksAbove(v[w], c[w], v[i], c[i]) { w = i }
    return w
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

  /// Partitions `lo..<hi` around a median-of-three pivot: entries ranking above it come
  /// first. Returns the pivot's final index. (Keys are distinct: columns differ.)
  private static func partition(
    _ v: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Int32>, _ lo: Int, _ hi: Int
  ) -> Int {
    let mid = lo + (hi - lo) / 2
    let last = hi - 1
    // Order lo, mid, last so the median sits at mid, then park it at the end.
    if ranksAbove(v[mid], c[mid], v[lo], c[lo]) { exchange(v, c, mid, lo) }
    if ranksAbove(v[last], c[last], v[lo], c[lo]) { exchange(v, c, last, lo) }
    if ranksAbove(v[last], c[last], v[mid], c[mid]) { exchange(v, c, last, mid) }
    exchange(v, c, mid, last)
    let (pv, pc) = (v[last], c[last])
    var store = lo
    for i in lo..<last where ranksAbove(v[i], c[i], pv, pc) {
      exchange(v, c, i, store)
      store += 1
    }
    exchange(v, c, store, last)
    return store
  }

  /// Rearranges the first `count` entries so the best `keep` come first (in any order).
  static func select(
    _ v: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Int32>, count: Int, keep: Int
  ) {
    var (lo, hi) = (0, count)
    var rounds = 0
    while hi - lo > 1 && keep > lo && keep < hi {
      rounds += 1
      if rounds > 64 {
        // Pathological pivots: finish by sorting what is left.
        sort(v, c, lo, hi)
        return
      }
      let p = partition(v, c, lo, hi)
      if p == keep || p == keep - 1 { return }
      if keep < p { hi = p } else { lo = p + 1 }
    }
  }

  /// Sorts `lo..<hi` best first: quicksort with median-of-three pivots, insertion sort for
  /// short ranges.
  static func sort(
    _ v: UnsafeMutablePointer<Float>, _ c: UnsafeMutablePointer<Int32>, _ lo: Int, _ hi: Int
  ) {
    var (lo, hi) = (lo, hi)
    while hi - lo > 16 {
      let p = partition(v, c, lo, hi)
      // Recurse into the smaller side, loop on the larger (bounded stack depth).
      if p - lo < hi - p - 1 {
        sort(v, c, lo, p)
        lo = p + 1
      } else {
        sort(v, c, p + 1, hi)
        hi = p
      }
    }
    guard hi - lo > 1 else { return }
    for i in (lo + 1)..<hi {
      let (value, column) = (v[i], c[i])
      var j = i
      while j > lo && ranksAbove(value, column, v[j - 1], c[j - 1]) {
        v[j] = v[j - 1]
        c[j] = c[j - 1]
        j -= 1
      }
      v[j] = value
      c[j] = column
    }
  }
}
