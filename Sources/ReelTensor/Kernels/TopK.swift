/// The `k` largest entries of each row: their values (descending) and column indices.
public struct TopKResult: Sendable {
  /// Shape `[rows, k]`: each row's largest values, largest first.
  public let values: Tensor
  /// Row-major `[rows, k]`: the columns those values came from.
  public let indices: [Int32]
}

extension Tensor {
  /// The `k` largest entries of every row of a rank-2 tensor, largest first; equal values
  /// come in column order (the lower index first), as `tf.math.top_k`.
  ///
  ///     let scores = Tensor(rows: [[0.1, 0.9, 0.5, 0.9]])
  ///     let top = scores.topK(2)
  ///     top.values.scalars   // [0.9, 0.9]
  ///     top.indices          // [1, 3]
  ///
  /// Rows are selected with a bounded heap (partial selection), not a full sort; NaNs rank
  /// below every number.
  ///
  /// - Complexity: O(rows · columns · log k), rows spread over the cores.
  public func topK(_ k: Int) -> TopKResult {
    precondition(rank == 2, "topK: needs a rank-2 tensor, got shape \(shape)")
    let rowCount = shape[0]
    let columns = shape[1]
    precondition(k >= 0 && k <= columns, "topK: k = \(k) outside 0...\(columns)")
    var indices = [Int32](repeating: 0, count: rowCount * k)
    let values = withUnsafeBufferPointer { input in
      Tensor(uninitializedShape: [rowCount, k]) { output in
        guard k > 0, let src = input.baseAddress, let dst = output.baseAddress else { return }
        indices.withUnsafeMutableBufferPointer { ids in
          let idBase = ids.baseAddress!
          Parallel.forEachChunk(count: rowCount, minimumChunk: Swift.max(1, (1 << 15) / columns)) {
            range in
            var heap = TopKHeap(capacity: k)
            for r in range {
              heap.select(src + r * columns, count: columns)
              heap.writeSorted(values: dst + r * k, indices: idBase + r * k)
            }
          }
        }
      }
    }
    return TopKResult(values: values, indices: indices)
  }
}

/// A min-heap of the best `capacity` (value, column) pairs seen so far; its root is the
/// worst kept pair, so a new pair is compared against one element.
struct TopKHeap {
  private var values: [Float]
  private var columns: [Int32]
  private let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    values = []
    columns = []
    values.reserveCapacity(capacity)
    columns.reserveCapacity(capacity)
  }

  /// Whether (v1, c1) ranks above (v2, c2): larger value first, then lower column; NaN last.
  @inline(__always)
  private static func ranksAbove(_ v1: Float, _ c1: Int32, _ v2: Float, _ c2: Int32) -> Bool {
    if v1 > v2 { return true }
    if v1 == v2 { return c1 < c2 }
    if v2.isNaN { return !v1.isNaN || c1 < c2 }
    return false
  }

  /// Keeps the best `capacity` entries of the `count` floats at `row`.
  mutating func select(_ row: UnsafePointer<Float>, count: Int) {
    values.removeAll(keepingCapacity: true)
    columns.removeAll(keepingCapacity: true)
    for c in 0..<count {
      let v = row[c]
      if values.count < capacity {
        values.append(v)
        columns.append(Int32(c))
        siftUp(values.count - 1)
      } else if TopKHeap.ranksAbove(v, Int32(c), values[0], columns[0]) {
        values[0] = v
        columns[0] = Int32(c)
        siftDown(0)
      }
    }
  }

  /// Writes the kept entries best first and empties the heap.
  mutating func writeSorted(
    values out: UnsafeMutablePointer<Float>, indices: UnsafeMutablePointer<Int32>
  ) {
    var slot = values.count - 1
    while !values.isEmpty {
      out[slot] = values[0]
      indices[slot] = columns[0]
      let last = values.count - 1
      values.swapAt(0, last)
      columns.swapAt(0, last)
      values.removeLast()
      columns.removeLast()
      if !values.isEmpty { siftDown(0) }
      slot -= 1
    }
  }

  // The root is the entry that ranks lowest.
  @inline(__always)
  private func below(_ i: Int, _ j: Int) -> Bool {
    TopKHeap.ranksAbove(values[j], columns[j], values[i], columns[i])
  }

  private mutating func siftUp(_ start: Int) {
    var child = start
    while child > 0 {
      let parent = (child - 1) / 2
      guard below(child, parent) else { return }
      values.swapAt(child, parent)
      columns.swapAt(child, parent)
      child = parent
    }
  }

  private mutating func siftDown(_ start: Int) {
    var parent = start
    let n = values.count
    while true {
      let left = 2 * parent + 1
      let right = left + 1
      var lowest = parent
      if left < n && below(left, lowest) { lowest = left }
      if right < n && below(right, lowest) { lowest = right }
      if lowest == parent { return }
      values.swapAt(parent, lowest)
      columns.swapAt(parent, lowest)
      parent = lowest
    }
  }
}
