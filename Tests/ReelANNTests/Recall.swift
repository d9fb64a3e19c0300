import ReelANN

/// The mean fraction of each query's exact top-k ids that the approximate result holds.
func recall(_ approximate: [[Int64]], _ exact: [[Int64]]) -> Double {
  var hits = 0
  var total = 0
  for (a, e) in zip(approximate, exact) {
    let found = Set(a)
    hits += e.filter { found.contains($0) }.count
    total += e.count
  }
  return Double(hits) / Double(max(total, 1))
}
