import ReelPipeline

/// The most-popular baseline: every user gets the movies rated most often in training.
/// Its top-k accuracy uses ``FactorizedTopK``'s score-based rule (a test rating is a hit at
/// k when fewer than k candidates have a strictly higher training count), so it compares
/// directly with a retrieval model's factorized metrics.
///
///     let split = data.split(seed: 42)
///     let baseline = try PopularityBaseline(train: split.train, candidates: data.movieTitles)
///     baseline.topKAccuracy(split.test, ks: [100])   // [100: 0.0…]
public struct PopularityBaseline: Sendable {
  /// Training ratings per candidate title (0 for titles never rated).
  public let counts: [String: Int]

  /// - Throws: a pipeline error when `train` lacks `movie_title`.
  public init(train: FeatureBatch, candidates: [String], column: String = "movie_title") throws {
    var counts = Dictionary(uniqueKeysWithValues: candidates.map { ($0, 0) })
    for title in try train.string(column) { counts[title, default: 0] += 1 }
    self.counts = counts
  }

  /// The share of `test` ratings whose movie is a hit at each k.
  ///
  /// - Complexity: O(candidates log candidates + test rows).
  public func topKAccuracy(_ test: FeatureBatch, ks: [Int], column: String = "movie_title") throws
    -> [Int: Double]
  {
    // strictlyHigher[c] = how many candidates have a count above c.
    let sorted = counts.values.sorted(by: >)
    var strictlyHigher: [Int: Int] = [:]
    for (i, c) in sorted.enumerated() where strictlyHigher[c] == nil { strictlyHigher[c] = i }
    var hits = [Int: Int]()
    let titles = try test.string(column)
    for title in titles {
      let above = strictlyHigher[counts[title] ?? 0] ?? sorted.count
      for k in ks where above < k { hits[k, default: 0] += 1 }
    }
    let n = Double(max(1, titles.count))
    return Dictionary(uniqueKeysWithValues: ks.map { ($0, Double(hits[$0] ?? 0) / n) })
  }
}
