/// The best `capacity` approximate candidates of a query, kept cheaply: candidates at or
/// above a threshold are appended to a buffer of `2 · capacity`, and when it fills, a
/// selection finds the `capacity`-th best score, which becomes the new threshold, and the
/// buffer is cut back to `capacity`. Amortized O(1) per candidate (a heap costs O(log capacity)
/// per replacement). Among equal scores at the threshold, earlier candidates are kept. NaN is
/// never kept. One per searching thread.
final class CandidateBuffer {
  let capacity: Int
  private(set) var count = 0
  private(set) var threshold = -Float.infinity
  private let scores: UnsafeMutablePointer<Float>
  private let slotStore: UnsafeMutablePointer<Int32>
  private let scratch: UnsafeMutablePointer<Float>

  init(capacity: Int) {
    precondition(capacity >= 1, "CandidateBuffer: capacity must be positive")
    self.capacity = capacity
    scores = .allocate(capacity: 2 * capacity)
    slotStore = .allocate(capacity: 2 * capacity)
    scratch = .allocate(capacity: 2 * capacity)
  }

  deinit {
    scores.deallocate()
    slotStore.deallocate()
    scratch.deallocate()
  }

  /// The kept slots (after ``finish()``, at most `capacity`).
  var slots: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: slotStore, count: count) }

  func reset() {
    count = 0
    threshold = -.infinity
  }

  /// Whether a candidate with this score would be kept for now.
  @inline(__always)
  func admits(_ score: Float) -> Bool { score >= threshold }

  /// Adds a candidate that ``admits(_:)`` accepted.
  @inline(__always)
  func append(_ score: Float, slot: Int32) {
    scores[count] = score
    slotStore[count] = slot
    count += 1
    if count == 2 * capacity { shrink() }
  }

  /// Cuts the buffer to the best `capacity` candidates.
  func finish() { shrink() }

  private func shrink() {
    guard count > capacity else { return }
    scratch.update(from: scores, count: count)
    let kth = CandidateBuffer.select(scratch, count: count, rank: capacity - 1)
    var above = 0
    for i in 0..<count where scores[i] > kth { above += 1 }
    var ties = capacity - above
    var w = 0
    for i in 0..<count {
      let s = scores[i]
      if s > kth || (s == kth && ties > 0) {
        if !(s > kth) { ties -= 1 }
        scores[w] = s
        slotStore[w] = slotStore[i]
        w += 1
      }
    }
    count = w
    threshold = kth
  }

  /// The value of rank `rank` (0 = largest) among `count` values (reordered in place).
  static func select(_ x: UnsafeMutablePointer<Float>, count: Int, rank: Int) -> Float {
    var lo = 0
    var hi = count - 1
    while lo < hi {
      // Median of three as the pivot, then a three-way partition (larger | equal | smaller).
      let mid = lo + (hi - lo) / 2
      let a = x[lo]
      let b = x[mid]
      let c = x[hi]
      let pivot = max(min(a, b), min(max(a, b), c))
      var lt = lo
      var i = lo
      var gt = hi
      while i <= gt {
        if x[i] > pivot {
          x.swapAt(lt, i)
          lt += 1
          i += 1
        } else if x[i] < pivot {
          x.swapAt(i, gt)
          gt -= 1
        } else {
          i += 1
        }
      }
      if rank < lt {
        hi = lt - 1
      } else if rank > gt {
        lo = gt + 1
      } else {
        return pivot
      }
    }
    return x[lo]
  }
}

extension UnsafeMutablePointer where Pointee == Float {
  @inline(__always)
  fileprivate func swapAt(_ i: Int, _ j: Int) {
    let t = self[i]
    self[i] = self[j]
    self[j] = t
  }
}
