import Foundation

/// The rows holding each id, built on first use (only exclusions need it) and shared by
/// copies of an index.
final class IDLookup: @unchecked Sendable {
  private let ids: [Int64]?
  private let lock = NSLock()
  private var rowsByID: [Int64: [Int32]]?

  init(ids: [Int64]?) { self.ids = ids }

  /// The rows whose id is in `wanted`, ascending (ids are the rows when there are no ids).
  func sortedRows(of wanted: [Int64]) -> [Int32] {
    guard let ids = ids else { return wanted.compactMap { Int32(exactly: $0) }.sorted() }
    lock.lock()
    if rowsByID == nil {
      var built: [Int64: [Int32]] = [:]
      built.reserveCapacity(ids.count)
      for (row, id) in ids.enumerated() { built[id, default: []].append(Int32(row)) }
      rowsByID = built
    }
    let table = rowsByID!
    lock.unlock()
    return wanted.flatMap { table[$0] ?? [] }.sorted()
  }
}

extension Array where Element == Int32 {
  /// Whether the sorted array holds `value` (binary search).
  func sortedContains(_ value: Int32) -> Bool {
    var lo = 0
    var hi = count
    while lo < hi {
      let mid = (lo + hi) / 2
      if self[mid] < value { lo = mid + 1 } else { hi = mid }
    }
    return lo < count && self[lo] == value
  }
}
