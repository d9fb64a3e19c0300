/// The distinct rows a batch of ids reads from a table, and for each id its position among
/// them: `ids[i] == unique[Int(local[i])]`, with `unique` ascending.
///
/// ``embeddingDense(tables:ids:kernel:bias:activation:folding:)`` works on these rows only:
/// it projects each touched row once and gathers the projections back by `local`.
///
///     let touched = TouchedRows(ids: [5, 2, 5, 9], tableRows: 10)
///     touched.unique   // [2, 5, 9]
///     touched.local    // [1, 0, 1, 2]
///
/// - Complexity: O(ids.count + tableRows) when the table has at most `8·ids.count + 1024`
///   rows (a slot per row), otherwise O(n log n) for n ids (a sort).
struct TouchedRows {
  /// The distinct ids, ascending.
  let unique: [Int32]
  /// For each id, its index in `unique`.
  let local: [Int32]

  /// - Precondition: every id is in `0..<tableRows`.
  init(ids: [Int32], tableRows: Int) {
    for id in ids {
      precondition(
        id >= 0 && Int(id) < tableRows,
        "embeddingDense: id \(id) out of range for a table of \(tableRows) rows")
    }
    if tableRows <= 8 * ids.count + 1024 {
      var slots = [Int32](repeating: -1, count: tableRows)
      for id in ids { slots[Int(id)] = 0 }
      var unique: [Int32] = []
      unique.reserveCapacity(min(ids.count, tableRows))
      for row in 0..<tableRows where slots[row] == 0 {
        slots[row] = Int32(unique.count)
        unique.append(Int32(row))
      }
      self.unique = unique
      local = ids.map { slots[Int($0)] }
    } else {
      let order = ids.indices.sorted { ids[$0] < ids[$1] }
      var unique: [Int32] = []
      var local = [Int32](repeating: 0, count: ids.count)
      for position in order {
        if unique.last != ids[position] { unique.append(ids[position]) }
        local[position] = Int32(unique.count - 1)
      }
      self.unique = unique
      self.local = local
    }
  }
}
