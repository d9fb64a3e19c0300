/// The best `capacity` (score, row) pairs offered so far: a binary heap whose root is the
/// worst kept pair. Larger scores are better; equal scores prefer the lower row.
struct CandidateHeap {
  private(set) var scores: [Float] = []
  private(set) var rows: [Int32] = []
  let capacity: Int

  init(capacity: Int) {
    self.capacity = capacity
    scores.reserveCapacity(capacity)
    rows.reserveCapacity(capacity)
  }

  var count: Int { scores.count }
  var isFull: Bool { scores.count >= capacity }

  /// Whether (a, ra) ranks below (b, rb).
  @inline(__always)
  static func worse(_ a: Float, _ ra: Int32, than b: Float, _ rb: Int32) -> Bool {
    a < b || (a == b && ra > rb)
  }

  /// Whether a pair with this score could enter the full heap (a cheap pre-check).
  @inline(__always)
  func admits(_ score: Float) -> Bool { !isFull || score >= scores[0] }

  mutating func removeAll() {
    scores.removeAll(keepingCapacity: true)
    rows.removeAll(keepingCapacity: true)
  }

  /// Keeps (score, row) if it beats the worst kept pair or there is room. NaN is never kept.
  mutating func offer(_ score: Float, row: Int32) {
    guard capacity > 0, !score.isNaN else { return }
    if scores.count < capacity {
      scores.append(score)
      rows.append(row)
      var i = scores.count - 1
      while i > 0 {
        let parent = (i - 1) / 2
        guard CandidateHeap.worse(scores[i], rows[i], than: scores[parent], rows[parent]) else {
          break
        }
        scores.swapAt(i, parent)
        rows.swapAt(i, parent)
        i = parent
      }
      return
    }
    guard CandidateHeap.worse(scores[0], rows[0], than: score, row) else { return }
    scores[0] = score
    rows[0] = row
    var i = 0
    let n = scores.count
    while true {
      let l = 2 * i + 1
      let r = l + 1
      var smallest = i
      if l < n && CandidateHeap.worse(scores[l], rows[l], than: scores[smallest], rows[smallest]) {
        smallest = l
      }
      if r < n && CandidateHeap.worse(scores[r], rows[r], than: scores[smallest], rows[smallest]) {
        smallest = r
      }
      if smallest == i { break }
      scores.swapAt(i, smallest)
      rows.swapAt(i, smallest)
      i = smallest
    }
  }
}
