import ReelTensor

/// Top-K categorical accuracy of a retrieval model over a whole corpus of candidates
/// (TFRS's `metrics.FactorizedTopK`): for each k in ``ks``, the weighted fraction of queries
/// whose true candidate is among the k best of ``candidates``.
///
/// Build the candidate index once per evaluation from the candidate tower's output, then
/// stream query batches through
/// ``update(queries:trueCandidates:trueCandidateIDs:sampleWeights:exclusions:)``; TFRS's
/// `Streaming` layer re-scores the candidate dataset for every batch instead.
///
///     let index = try BruteForce(candidates: movieTower(allMovies), ids: allMovieIDs)
///     let topK = try FactorizedTopK(candidates: index)
///     for batch in test {
///       try topK.update(queries: userTower(batch), trueCandidates: movieTower(batch))
///     }
///     topK.results   // factorized_top_k/top_1_categorical_accuracy: …, …/top_100_…: 0.23
///
/// Two modes, as TFRS:
/// - **Score-based** (no ids): query i hits at k when fewer than k of the index's top
///   `max(ks)` candidates score strictly higher than `qᵢ·cᵢ` (`tf.math.in_top_k`). Ties count
///   in the true candidate's favour, its own copy in the index does not count against it, and
///   duplicates of other candidates each count. `qᵢ·cᵢ` is computed apart from the index's
///   matrix product, as in TFRS, so near-ties can differ in the last bit. A query whose true
///   score or retrieved scores are not finite misses (as `in_top_k`).
/// - **Id-based** (`trueCandidateIDs` given): a hit at k when the true id is among the ids of
///   the first k results (several matches count once). Required for an index that is not
///   exact.
///
/// `exclusions` (Reel's addition) removes each query's listed ids from the corpus before
/// ranking, for example the items a user already rated in training: in score mode they never
/// count as scoring higher; in id mode they are never retrieved, so an excluded true id
/// always misses.
public final class FactorizedTopK: Metric, MergeableMetric {
  public let name: String
  /// The cut-offs, in the order their results are reported.
  public let ks: [Int]
  /// The corpus searched. Replace it when the candidate embeddings change (once per
  /// evaluation); the accumulated counts are kept.
  public var candidates: any TopKIndex
  private var hits: [Double]
  private var weightTotal = 0.0

  /// A metric over `candidates` reporting `"\(name)/top_\(k)_categorical_accuracy"` for each k.
  ///
  /// - Throws: ``RecommenderError`` when `ks` is empty or holds a k below 1.
  public init(
    candidates: any TopKIndex, ks: [Int] = [1, 5, 10, 50, 100], name: String = "factorized_top_k"
  ) throws {
    guard !ks.isEmpty, ks.allSatisfy({ $0 >= 1 }) else {
      throw RecommenderError(
        component: name, reason: "ks must be positive and non-empty, got \(ks)")
    }
    self.name = name
    self.ks = ks
    self.candidates = candidates
    hits = Array(repeating: 0, count: ks.count)
  }

  /// A metric over an exact ``BruteForce`` index of `candidateEmbeddings` (`[count, d]`,
  /// computed once per evaluation) with one id per row (default: the row numbers).
  ///
  ///     let metric = try FactorizedTopK(candidateEmbeddings: movieTower(allMovies))
  ///
  /// - Throws: ``RecommenderError`` for bad embeddings, ids or ks.
  public convenience init(
    candidateEmbeddings: Tensor, ids: [Int64]? = nil, ks: [Int] = [1, 5, 10, 50, 100],
    name: String = "factorized_top_k"
  ) throws {
    try self.init(
      candidates: try BruteForce(candidates: candidateEmbeddings, ids: ids), ks: ks, name: name)
  }

  /// The result names, in the order of ``ks``.
  public var resultNames: [String] { ks.map { "\(name)/top_\($0)_categorical_accuracy" } }

  /// Accumulates one batch of queries.
  ///
  /// - Parameters:
  ///   - queries: `[batch, dimension]` query embeddings.
  ///   - trueCandidates: `[batch, dimension]` embeddings of each query's true candidate;
  ///     needed in score mode, unused in id mode.
  ///   - trueCandidateIDs: the true candidates' ids: selects id mode.
  ///   - sampleWeights: one weight per query (default 1).
  ///   - exclusions: per query, ids to remove from the corpus first.
  /// - Throws: ``RecommenderError`` on mismatched sizes, on score mode over an index that is
  ///   not exact, or when the index returns unsorted scores.
  /// - Complexity: one ``TopKIndex/query(_:k:exclusions:)`` for `max(ks)` (capped at the
  ///   corpus size) plus O(batch · max(ks)). Score mode over a ``BruteForce`` index needs no
  ///   selection: it counts, per query, the candidates scoring above the true one while the
  ///   scores stream by block (same result, no top-K).
  public func update(
    queries: Tensor, trueCandidates: Tensor? = nil, trueCandidateIDs: [Int64]? = nil,
    sampleWeights: [Float]? = nil, exclusions: [[Int64]]? = nil
  ) throws {
    guard queries.rank == 2 else {
      throw RecommenderError(
        component: name, reason: "queries must be [batch, dimension], got \(queries.shape)")
    }
    let batch = queries.shape[0]
    if let weights = sampleWeights, weights.count != batch {
      throw RecommenderError(
        component: name, reason: "\(weights.count) sample weights for \(batch) queries")
    }
    if let exclusions = exclusions, exclusions.count != batch {
      throw RecommenderError(
        component: name, reason: "\(exclusions.count) exclusion lists for \(batch) queries")
    }
    let maxK = ks.max()!
    let hitCounts: [Int]  // per query: the smallest k that hits (Int.max for a miss)
    if let ids = trueCandidateIDs {
      guard ids.count == batch else {
        throw RecommenderError(
          component: name, reason: "\(ids.count) true ids for \(batch) queries")
      }
      let top = try candidates.query(
        queries, k: min(maxK, candidates.count), exclusions: exclusions)
      hitCounts = try idBasedRanks(top, trueIDs: ids)
    } else {
      guard candidates.isExact else {
        throw RecommenderError(
          component: name,
          reason: "the candidate index is not exact: pass trueCandidateIDs for id-based "
            + "evaluation")
      }
      guard let positives = trueCandidates, positives.shape == queries.shape else {
        throw RecommenderError(
          component: name,
          reason: "score-based evaluation needs trueCandidates of the queries' shape "
            + "\(queries.shape), got \(trueCandidates.map { "\($0.shape)" } ?? "none")")
      }
      let positiveScores = FactorizedTopK.rowDots(queries, positives)
      if let exact = candidates as? BruteForce, queries.shape[1] == exact.dimension {
        hitCounts = countedRanks(
          exact.scoreCounts(queries, thresholds: positiveScores, exclusions: exclusions),
          positives: positiveScores, maxK: maxK)
      } else {
        let top = try candidates.query(
          queries, k: min(maxK, candidates.count), exclusions: exclusions)
        hitCounts = scoreBasedRanks(top, positives: positiveScores)
      }
    }
    for q in 0..<batch {
      let w = Double(sampleWeights?[q] ?? 1)
      weightTotal += w
      for (i, cut) in ks.enumerated() where hitCounts[q] <= cut { hits[i] += w }
    }
  }

  /// `Σⱼ q[i, j]·c[i, j]` per row (TFRS's `reduce_sum(q * c, axis=1)`).
  static func rowDots(_ q: Tensor, _ c: Tensor) -> [Float] {
    let (n, d) = (q.shape[0], q.shape[1])
    return q.withUnsafeBufferPointer { a in
      c.withUnsafeBufferPointer { b in
        (0..<n).map { i in
          var sum: Float = 0
          for j in 0..<d { sum += a[i * d + j] * b[i * d + j] }
          return sum
        }
      }
    }
  }

  /// Per query, the smallest k at which `in_top_k` holds: 1 + the number of retrieved
  /// candidates scoring strictly higher than the true one; Int.max when a score is not
  /// finite.
  private func scoreBasedRanks(_ top: TopKCandidates, positives: [Float]) -> [Int] {
    var ranks = [Int](repeating: Int.max, count: top.queryCount)
    top.scores.withUnsafeBufferPointer { s in
      for i in 0..<top.queryCount where positives[i].isFinite {
        var higher = 0
        var finite = true
        for j in 0..<top.k where top.rows[i * top.k + j] >= 0 {
          let score = s[i * top.k + j]
          if !score.isFinite {
            finite = false
            break
          }
          if score > positives[i] { higher += 1 }
        }
        if finite { ranks[i] = higher + 1 }
      }
    }
    return ranks
  }

  /// The same ranks from whole-corpus counts: the top K = min(max(ks), candidates left)
  /// would hold min(above, K) higher scores, and a non-finite score when any score is +∞ or
  /// fewer than K scores are finite or +∞ (−∞ and NaN rank last).
  private func countedRanks(_ counts: BlockCount.Counts, positives: [Float], maxK: Int) -> [Int] {
    positives.indices.map { i in
      let k = min(maxK, counts.available[i])
      let high = counts.finite[i] + counts.positiveInfinite[i]
      guard positives[i].isFinite, counts.positiveInfinite[i] == 0, high >= k else {
        return Int.max
      }
      return min(counts.above[i], k) + 1
    }
  }

  /// Per query, the 1-based position of the first result with the true id (Int.max when
  /// absent). NaN scores are padding (as ScaNN's) and never match.
  private func idBasedRanks(_ top: TopKCandidates, trueIDs: [Int64]) throws -> [Int] {
    var ranks = [Int](repeating: Int.max, count: top.queryCount)
    try top.scores.withUnsafeBufferPointer { s in
      for i in 0..<top.queryCount {
        var previous = Float.infinity
        for j in 0..<top.k {
          let raw = s[i * top.k + j]
          let score = raw.isNaN ? -Float.greatestFiniteMagnitude : raw
          guard score <= previous else {
            throw RecommenderError(
              component: name, reason: "the candidate index returned unsorted scores")
          }
          previous = score
          if ranks[i] == Int.max && !raw.isNaN && top.rows[i * top.k + j] >= 0
            && top.ids[i * top.k + j] == trueIDs[i]
          {
            ranks[i] = j + 1
          }
        }
      }
    }
    return ranks
  }

  /// The accuracy at each k, named `"\(name)/top_\(k)_categorical_accuracy"`.
  public var results: [MetricResult] {
    zip(resultNames, hits).map { name, hit in
      MetricResult(name: name, value: weightTotal == 0 ? 0 : Float(hit / weightTotal))
    }
  }

  public func reset() {
    hits = Array(repeating: 0, count: ks.count)
    weightTotal = 0
  }

  /// The weighted hits per k, then the total weight.
  public var state: [Double] { hits + [weightTotal] }

  public func restore(state saved: [Double]) throws {
    guard saved.count == ks.count + 1 else {
      throw RecommenderError(
        component: name, reason: "a saved state of \(saved.count) numbers, expected \(ks.count + 1)")
    }
    hits = Array(saved.dropLast())
    weightTotal = saved[ks.count]
  }

  /// Adds the counts of `other`, which must report the same ks.
  public func merge(_ other: FactorizedTopK) throws {
    guard other.ks == ks else {
      throw RecommenderError(
        component: name, reason: "cannot merge a metric of ks \(other.ks) into one of \(ks)")
    }
    for i in hits.indices { hits[i] += other.hits[i] }
    weightTotal += other.weightTotal
  }
}
