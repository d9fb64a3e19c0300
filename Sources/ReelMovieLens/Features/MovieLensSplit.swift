import Foundation
import ReelPipeline

/// How to split ratings into train and test.
///
///     let split = MovieLensSplit.random(trainFraction: 0.8, seed: 42)
///     let isTrain = try split.assign(ratings, source: source)   // one Bool per rating
public enum MovieLensSplit: Sendable, Equatable, CustomStringConvertible {
  /// Each rating goes to train with probability `trainFraction`, decided by a hash of
  /// `(seed, row)`: deterministic, and independent of chunking.
  case random(trainFraction: Double, seed: UInt64)
  /// Leakage-safe global split by time: the earliest `trainFraction` of all ratings (by
  /// timestamp, then file order) are train, so every test rating is no earlier than every
  /// train rating.
  case temporal(trainFraction: Double)
  /// Per-user split by time: each user's earliest `trainFraction` of ratings are train.
  case temporalPerUser(trainFraction: Double)
  /// The release's own split files: `u1`…`u5`, `ua`, `ub` (ml-100k).
  case releaseFiles(String)

  /// Parses `random:0.8`, `temporal:0.8`, `temporal-per-user:0.8` or `release:u1`.
  public init?(_ text: String, seed: UInt64 = 42) {
    let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
    guard parts.count == 2 else { return nil }
    if parts[0] == "release" {
      self = .releaseFiles(parts[1])
      return
    }
    guard let f = Double(parts[1]), f > 0, f < 1 else { return nil }
    switch parts[0] {
    case "random": self = .random(trainFraction: f, seed: seed)
    case "temporal": self = .temporal(trainFraction: f)
    case "temporal-per-user": self = .temporalPerUser(trainFraction: f)
    default: return nil
    }
  }

  public var description: String {
    switch self {
    case .random(let f, let seed): return "random:\(f) (seed \(seed))"
    case .temporal(let f): return "temporal:\(f)"
    case .temporalPerUser(let f): return "temporal-per-user:\(f)"
    case .releaseFiles(let name): return "release:\(name)"
    }
  }

  /// Whether each rating is in train (true) or test (false).
  ///
  /// - Parameter source: needed for ``releaseFiles(_:)``.
  /// - Throws: ``MovieLensError`` when the release has no such split files, or when a split
  ///   file names a rating that is not in the ratings file.
  public func assign(_ ratings: MovieLensRatings, source: MovieLensSource? = nil) throws -> [Bool] {
    let n = ratings.count
    switch self {
    case .random(let f, let seed):
      return (0..<n).map { row in
        var rng = SplitMix64(seed: SeedSequence.derive(seed, UInt64(row)))
        return rng.nextUnit() < f
      }
    case .temporal(let f):
      let order = (0..<n).sorted { (ratings.timestamp[$0], $0) < (ratings.timestamp[$1], $1) }
      var train = [Bool](repeating: false, count: n)
      for row in order.prefix(Int((f * Double(n)).rounded(.down))) { train[row] = true }
      return train
    case .temporalPerUser(let f):
      var byUser: [Int32: [Int]] = [:]
      for row in 0..<n { byUser[ratings.user[row], default: []].append(row) }
      var train = [Bool](repeating: false, count: n)
      for rows in byUser.values {
        let sorted = rows.sorted { (ratings.timestamp[$0], $0) < (ratings.timestamp[$1], $1) }
        for row in sorted.prefix(Int((f * Double(sorted.count)).rounded(.down))) { train[row] = true }
      }
      return train
    case .releaseFiles(let name):
      guard let source, source.release == .ml100k, ["u1", "u2", "u3", "u4", "u5", "ua", "ub"].contains(name) else {
        throw MovieLensError.unknownLayout("release split '\(name)' exists only for ml-100k (u1…u5, ua, ub)")
      }
      var rowOf: [Int64: Int] = [:]
      for row in 0..<n { rowOf[Int64(ratings.user[row]) << 32 | Int64(ratings.movie[row])] = row }
      var train = [Bool](repeating: false, count: n)
      guard let basePath = source.path(of: "\(name).base") else {
        throw MovieLensError.missingFile(release: source.release.description, file: "\(name).base", location: source.location)
      }
      for chunk in try Datasets.ratings(path: basePath, parser: RatingsParser(release: .ml100k)).collect() {
        for k in 0..<chunk.rowCount {
          guard let row = rowOf[Int64(chunk.user[k]) << 32 | Int64(chunk.movie[k])] else {
            throw MovieLensError.unknownLayout("\(name).base rates movie \(chunk.movie[k]) by user \(chunk.user[k]), which u.data lacks")
          }
          train[row] = true
        }
      }
      return train
    }
  }
}
