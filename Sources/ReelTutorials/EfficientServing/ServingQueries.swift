import Foundation

/// The queries of the efficient-serving measurements: the query-tower embedding of every
/// distinct user of the test split, weighted by that user's number of test rows.
///
/// TFRS's notebook queries ScaNN and brute force with the user of every one of its 20,000
/// test rows; results depend only on the user, so a weighted mean over the distinct users
/// (``weights``) gives exactly the notebook's mean over test rows at a fraction of the cost.
///
///     let queries = try ServingQueries(recommender: outcome.recommender, test: split.test)
///     queries.embeddings.shape     // [distinct test users, 32]
public struct ServingQueries: Sendable {
  /// The distinct users of the test split, sorted.
  public let users: [String]
  /// Test rows per user (same order as ``users``).
  public let weights: [Int]
  /// The users' query embeddings, `[users.count, dimension]`.
  public let embeddings: Tensor

  /// The number of test rows the queries stand for (all test rows without a limit).
  public var testRows: Int { weights.reduce(0, +) }
  /// The number of distinct queries.
  public var count: Int { users.count }

  /// The distinct users of `test` (a batch with a string `user_id` column) and their
  /// embeddings under `recommender`'s current weights; with a `limit`, only the first `limit`
  /// users in sorted order.
  ///
  /// - Throws: ``RecommenderError`` for a ranking model, an empty test split or a test user
  ///   the model does not know; what reading the column throws.
  /// - Complexity: O(test rows + users × dimension).
  public init(recommender: TutorialRecommender, test: FeatureBatch, limit: Int? = nil) throws {
    var counts: [String: Int] = [:]
    for user in try test.string("user_id") { counts[user, default: 0] += 1 }
    guard !counts.isEmpty else {
      throw RecommenderError(component: "ServingQueries", reason: "the test split is empty")
    }
    let users = Array(counts.keys.sorted().prefix(max(1, limit ?? counts.count)))
    var position: [String: Int] = [:]
    for (i, user) in recommender.users.enumerated() { position[user] = i }
    let all = try recommender.userEmbeddings()
    let d = all.shape[1]
    var values = [Float](repeating: 0, count: users.count * d)
    try all.withUnsafeBufferPointer { source in
      for (i, user) in users.enumerated() {
        guard let row = position[user] else {
          throw RecommenderError(
            component: "ServingQueries", reason: "test user '\(user)' is not in the model")
        }
        for j in 0..<d { values[i * d + j] = source[row * d + j] }
      }
    }
    self.users = users
    weights = users.map { counts[$0]! }
    embeddings = Tensor(shape: [users.count, d], scalars: values)
  }

  /// Query `i` alone, `[1, dimension]`.
  public func query(_ i: Int) -> Tensor {
    let d = embeddings.shape[1]
    return embeddings.withUnsafeBufferPointer {
      Tensor(shape: [1, d], scalars: UnsafeBufferPointer(rebasing: $0[(i * d)..<((i + 1) * d)]))
    }
  }
}

/// Recall@k of approximate results against exact ones, as the notebook's `compute_recall`:
/// per query, the share of the exact top k found in the approximate top k, averaged.
public enum ServingRecall {
  /// The mean over queries (weighted by `weights` when given) of
  /// |exact ∩ approximate| / |exact|; queries with no exact results are skipped.
  ///
  ///     ServingRecall.recall(exact: brute, approximate: scann, weights: queries.weights)
  ///
  /// - Complexity: O(queries · k).
  public static func recall(
    exact: TopKCandidates, approximate: TopKCandidates, weights: [Int]? = nil
  ) -> Double {
    precondition(exact.queryCount == approximate.queryCount, "recall: query counts differ")
    precondition(weights == nil || weights!.count == exact.queryCount, "recall: weights")
    var total = 0.0
    var weightSum = 0.0
    for q in 0..<exact.queryCount {
      let truth = Set(exact.ids(ofQuery: q))
      guard !truth.isEmpty else { continue }
      let found = Set(approximate.ids(ofQuery: q)).intersection(truth).count
      let w = Double(weights?[q] ?? 1)
      total += w * Double(found) / Double(truth.count)
      weightSum += w
    }
    return weightSum > 0 ? total / weightSum : 0
  }
}
