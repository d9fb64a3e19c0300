/// Ratings as parallel columns (ids as written in the files), for ml-100k's shuffled
/// u.data and its split files.
///
///     var table = RatingTable()
///     table.append(user: 196, movie: 242, halfStars: 6, timestamp: 881250949)
///     table.tsv()   // "196\t242\t3\t881250949\n"
struct RatingTable {
  var users: [Int32] = []
  var movies: [Int32] = []
  var halfStars: [UInt8] = []
  var timestamps: [Int64] = []

  var count: Int { users.count }

  mutating func reserve(_ n: Int) {
    users.reserveCapacity(n)
    movies.reserveCapacity(n)
    halfStars.reserveCapacity(n)
    timestamps.reserveCapacity(n)
  }

  mutating func append(user: Int32, movie: Int32, halfStars stars: UInt8, timestamp: Int64) {
    users.append(user)
    movies.append(movie)
    halfStars.append(stars)
    timestamps.append(timestamp)
  }

  /// The rows at `indices`, in that order.
  func rows<S: Sequence>(_ indices: S) -> RatingTable where S.Element == Int {
    var out = RatingTable()
    for i in indices {
      out.append(user: users[i], movie: movies[i], halfStars: halfStars[i],
                 timestamp: timestamps[i])
    }
    return out
  }

  /// Sorted numerically by user, then movie (`sort -t"\t" -k 1,1n -k 2,2n`).
  func sortedByUserItem() -> RatingTable {
    rows(users.indices.sorted {
      (users[$0], movies[$0]) < (users[$1], movies[$1])
    })
  }

  /// `user\tmovie\tstars\ttimestamp\n` lines, whole stars.
  func tsv() -> [UInt8] {
    var text = TextBuffer(capacity: count * 20)
    for i in 0..<count {
      text.append(users[i])
      text.append(byte: 0x09)
      text.append(movies[i])
      text.append(byte: 0x09)
      text.appendRating(halfStars: halfStars[i], style: .whole)
      text.append(byte: 0x09)
      text.append(timestamps[i])
      text.endLine(crlf: false)
    }
    return text.bytes
  }
}

/// The ml-100k split scripts, reimplemented from their documented behaviour.
///
///     let folds = MovieLensSplits.mku(table)   // [("u1.base", ...), ("u1.test", ...), ...]
///     let (base, test) = MovieLensSplits.allbut(table, start: 1, stop: 10, maxTest: 100_000)
enum MovieLensSplits {
  /// mku.sh's five folds: `u{i}.test` is rows `(i-1)·n/5 ..< i·n/5` of u.data
  /// (`head -N | tail -n/5`), `u{i}.base` all other rows. Unsorted.
  static func mku(_ table: RatingTable) -> [(String, RatingTable)] {
    let fold = table.count / 5
    var out: [(String, RatingTable)] = []
    for i in 1...5 {
      let test = ((i - 1) * fold)..<(i * fold)
      out.append(("u\(i).base", table.rows((0..<table.count).filter { !test.contains($0) })))
      out.append(("u\(i).test", table.rows(test)))
    }
    return out
  }

  /// allbut.pl: reading rows in order with a per-user counter, a row goes to the test set
  /// when its user's count is in `start...stop` and fewer than `maxTest` test rows were
  /// written; otherwise to the base set. Unsorted.
  static func allbut(
    _ table: RatingTable, start: Int, stop: Int, maxTest: Int
  ) -> (base: RatingTable, test: RatingTable) {
    var seen: [Int32: Int] = [:]
    var base: [Int] = []
    var test: [Int] = []
    for i in 0..<table.count {
      let n = (seen[table.users[i]] ?? 0) + 1
      seen[table.users[i]] = n
      if n >= start && n <= stop && test.count < maxTest {
        test.append(i)
      } else {
        base.append(i)
      }
    }
    return (table.rows(base), table.rows(test))
  }
}
