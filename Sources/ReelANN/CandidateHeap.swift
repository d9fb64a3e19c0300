/// The best `capacity` (score, row) pairs offered so far: a binary heap whose root is the
/// worst kept pair. Larger scores are better; equal scores prefer the lower row. One per
/// searching thread (not shared), storage allocated once.
final class CandidateHeap {
  private let scores: UnsafeMutablePointer<Float>
  private let rowStore: UnsafeMutablePointer<Int32>
  let capacity: Int
  private(set) var count = 0

  init(capacity: Int) {
    self.capacity = capacity
    scores = .allocate(capacity: max(capacity, 1))
    rowStore = .allocate(capacity: max(capacity, 1))
  }

  deinit {
    scores.deallocate()
    rowStore.deallocate()
  }

  /// The kept rows, in heap order.
  var rows: UnsafeBufferPointer<Int32> { UnsafeBufferPointer(start: rowStore, count: count) }

  /// Whether (a, ra) ranks below (b, rb).
  @inline(__always)
  static func worse(_ a: Float, _ ra: Int32, than b: Float, _ rb: Int32) -> Bool {
    a < b || (a == b && ra > rb)
  }

  /// Whether a pair with this score could enter the heap (a cheap pre-check).
  @inline(__always)
  func admits(_ score: Float) -> Bool { count < capacity || score >= scores[0] }

  func removeAll() { count = 0 }

  /// Keeps (score, row) if it beats the worst kept pair or there is room. NaN is never kept.
  func offer(_ score: Float, row: Int32) {
    guard capacity > 0, !score.isNaN else { return }
    if count < capacity {
      var i = count
      count += 1
      while i > 0 {
        let parent = (i - 1) / 2
        guard CandidateHeap.worse(score, row, than: scores[parent], rowStore[parent]) else { break }
        scores[i] = scores[parent]
        rowStore[i] = rowStore[parent]
        i = parent
      }
      scores[i] = score
      rowStore[i] = row
      return
    }
    guard CandidateHeap.worse(scores[0], rowStore[0], than: score, row) else { return }
    var i = 0
    while true {
      let l = 2 * i + 1
      if l >= count { break }
      var child = l
      let r = l + 1
      if r < count && CandidateHeap.worse(scores[r], rowStore[r], than: scores[l], rowStore[l]) {
        child = r
      }
      guard CandidateHeap.worse(scores[child], rowStore[child], than: score, row) else { break }
      scores[i] = scores[child]
      rowStore[i] = rowStore[child]
      i = child
    }
    scores[i] = score
    rowStore[i] = row
  }
}
