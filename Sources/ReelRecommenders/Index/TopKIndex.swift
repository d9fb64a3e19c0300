import ReelTensor

/// The best `k` candidates for each query of a batch: scores sorted in descending order and
/// the candidates' ids and rows in the index.
///
/// When exclusions leave fewer than `k` candidates for a query, its tail is padding: score
/// `-infinity`, row −1 and id ``paddingID``.
public struct TopKCandidates: Sendable {
  /// The id a padding slot carries.
  public static let paddingID = Int64.min

  /// The number of queries.
  public let queryCount: Int
  /// The number of results per query.
  public let k: Int
  /// Shape `[queryCount, k]`: each query's best scores, largest first.
  public let scores: Tensor
  /// Row-major `[queryCount, k]`: the candidates' ids.
  public let ids: [Int64]
  /// Row-major `[queryCount, k]`: the candidates' rows in the index (−1 for padding).
  public let rows: [Int32]

  /// Results for `queryCount` queries of `k` candidates each.
  public init(queryCount: Int, k: Int, scores: Tensor, ids: [Int64], rows: [Int32]) {
    precondition(
      scores.shape == [queryCount, k] && ids.count == queryCount * k
        && rows.count == queryCount * k,
      "TopKCandidates: sizes do not match \(queryCount) queries of \(k)")
    self.queryCount = queryCount
    self.k = k
    self.scores = scores
    self.ids = ids
    self.rows = rows
  }

  /// The ids of query `query`'s results, best first, without padding.
  ///
  ///     let top = try index.query(queries, k: 10)
  ///     top.ids(ofQuery: 0)   // e.g. [42, 7, 311, …]
  public func ids(ofQuery query: Int) -> [Int64] {
    (0..<k).compactMap { rows[query * k + $0] >= 0 ? ids[query * k + $0] : nil }
  }
}

/// A searchable set of candidate embeddings that returns each query's top-scoring candidates
/// by dot product (TFRS's `layers.factorized_top_k.TopK`).
///
/// ``BruteForce`` scores every candidate and is exact; an approximate index (such as a
/// ScaNN-like partitioned one) conforms with ``isExact`` false, which makes
/// ``FactorizedTopK`` require candidate ids, as TFRS does.
public protocol TopKIndex: Sendable {
  /// The number of candidates.
  var count: Int { get }
  /// The embedding size of candidates and queries.
  var dimension: Int { get }
  /// Whether results are the exact top k by score.
  var isExact: Bool { get }

  /// The top `k` candidates of each row of `queries` (`[batch, dimension]`), scores in
  /// descending order. `exclusions[i]`, if given, lists ids that query i must never get back:
  /// they are removed before ranking (not penalized, as TFRS's `query_with_exclusions` does).
  func query(_ queries: Tensor, k: Int, exclusions: [[Int64]]?) throws -> TopKCandidates
}

extension TopKIndex {
  /// The top `k` candidates of each query, without exclusions.
  public func query(_ queries: Tensor, k: Int) throws -> TopKCandidates {
    try query(queries, k: k, exclusions: nil)
  }
}
