extension MovieLensRatings {
  /// Throws unless all four columns have the same length.
  func checkColumns() throws {
    let n = user.count
    guard movie.count == n, rating.count == n, timestamp.count == n else {
      throw ExampleGenerationError.ratingsColumnsMismatch(
        user: n, movie: movie.count, rating: rating.count, timestamp: timestamp.count)
    }
  }

  /// Row indices grouped by user, users in order of first appearance, rows in file order
  /// (Python's `defaultdict(list)` filled in one pass). Only rows where `keep` is true.
  ///
  /// - Complexity: O(n) expected.
  func rowsByUser(where keep: (Int) -> Bool = { _ in true }) -> (users: [Int32], rows: [[Int]]) {
    var slot: [Int32: Int] = [:]
    var users: [Int32] = []
    var rows: [[Int]] = []
    for i in 0..<user.count where keep(i) {
      let u = user[i]
      if let k = slot[u] {
        rows[k].append(i)
      } else {
        slot[u] = rows.count
        users.append(u)
        rows.append([i])
      }
    }
    return (users, rows)
  }
}
