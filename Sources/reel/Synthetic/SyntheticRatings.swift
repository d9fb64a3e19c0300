import ArgumentParser
import Foundation
import Reel

/// A deterministic synthetic ratings table (user, movie, rating, timestamp) with planted taste
/// groups, used by `reel generate ratings` and the shard benchmarks until the MovieLens
/// generator lands. No MovieLens data is involved.
///
/// Users and movies each belong to one of `groups` groups; a user rates movies of their own
/// group about 1.5 stars higher. Rows are sorted by user, then time, like MovieLens files.
/// Block `b` (of `rowsPerBlock` rows) is a pure function of `(seed, b)`, so blocks can be
/// generated in parallel.
struct SyntheticRatings {
  var rows: Int
  var users: Int
  var movies: Int
  var groups = 8
  var seed: UInt64 = 42
  var rowsPerBlock = 65_536

  static let columns: [FeatureSpec] = [
    FeatureSpec(name: "user", type: .int32), FeatureSpec(name: "movie", type: .int32),
    FeatureSpec(name: "rating", type: .float), FeatureSpec(name: "timestamp", type: .int64),
  ]

  var blockCount: Int { (rows + rowsPerBlock - 1) / rowsPerBlock }

  /// Rows `b * rowsPerBlock ..< ...` as a batch.
  func block(_ b: Int) -> FeatureBatch {
    let start = b * rowsPerBlock
    let count = min(rowsPerBlock, rows - start)
    let perUser = max(1, rows / users)
    var user = [Int32](repeating: 0, count: count)
    var movie = [Int32](repeating: 0, count: count)
    var rating = [Float](repeating: 0, count: count)
    var timestamp = [Int64](repeating: 0, count: count)
    for k in 0..<count {
      let i = start + k
      let u = min(users - 1, i / perUser)
      var rng = SplitMix64(seed: SeedSequence.derive(seed, UInt64(i)))
      let userGroup = u % groups
      // Two thirds of a user's ratings fall in their own group.
      var m = rng.next(below: movies)
      if rng.next(below: 3) < 2 { m = (m / groups) * groups + userGroup }
      let m1 = min(movies - 1, m)
      let base: Float = m1 % groups == userGroup ? 4.0 : 2.5
      let noise = Float(rng.nextUnit() + rng.nextUnit() - 1) * 1.2
      let stars = (min(5, max(0.5, base + noise)) * 2).rounded() / 2
      user[k] = Int32(u + 1)
      movie[k] = Int32(m1 + 1)
      rating[k] = stars
      timestamp[k] = 1_000_000_000 + Int64(u) * 86_400 + Int64(i - u * perUser) * 600 + Int64(rng.next(below: 600))
    }
    return try! FeatureBatch([("user", .int32(user)), ("movie", .int32(movie)), ("rating", .float(rating)), ("timestamp", .int64(timestamp))])
  }

  /// The table as a dataset of blocks, generated on `parallelism` workers.
  func dataset(parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) -> ParallelMap<RangeDataset, FeatureBatch> {
    Datasets.range(0..<blockCount).map(parallelism: parallelism, chunkSize: 1) { block($0) }
  }

  /// Writes the table as `userId,movieId,rating,timestamp` CSV (MovieLens latest format, LF).
  func writeCSV(to path: String) throws {
    guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
      throw ValidationError("cannot create \(path)")
    }
    defer { try? handle.close() }
    handle.write(Data("userId,movieId,rating,timestamp\n".utf8))
    var iterator = dataset().makeIterator()
    while let batch = try iterator.next() {
      let u = try batch.int32("user"), m = try batch.int32("movie"), r = try batch.float("rating"), t = try batch.int64("timestamp")
      var text = ""
      text.reserveCapacity(batch.rowCount * 32)
      for i in 0..<batch.rowCount { text += "\(u[i]),\(m[i]),\(String(format: "%.1f", r[i])),\(t[i])\n" }
      handle.write(Data(text.utf8))
    }
  }
}
