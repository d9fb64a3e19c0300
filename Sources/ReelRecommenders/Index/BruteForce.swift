import Foundation
import ReelTensor

/// An exact top-k index: every candidate is scored against every query (TFRS's
/// `layers.factorized_top_k.BruteForce`).
///
/// Build it once from the candidate tower's output (and the candidates' ids), then query it
/// with batches: the scores `queries · candidatesᵀ` are computed one block at a time (with
/// AVX2 + FMA and 16 or more queries, in registers, 6 queries × 16 candidates at a time over
/// L2-sized blocks of candidates, and only scores above a query's current k-th best leave
/// them; otherwise with OpenBLAS) and a buffered selection per query keeps the best `k` (see
/// ``query(_:k:exclusions:)``).
///
///     let index = try BruteForce(candidates: movieEmbeddings, ids: movieIDs)
///     let top = try index.query(userEmbeddings, k: 10)
///     top.ids(ofQuery: 0)   // the first user's 10 best movies, best first
///
/// Without ids, a candidate's id is its row number (TFRS's `tf.range(N)`).
public struct BruteForce: TopKIndex {
  /// The candidate embeddings, `[count, dimension]`.
  public let candidates: Tensor
  /// The candidates' ids, or nil when they are the row numbers.
  public let ids: [Int64]?
  private let lookup: RowLookup

  /// An index over `candidates` (`[count, dimension]`) with one id per row.
  ///
  /// - Throws: ``RecommenderError`` when `candidates` is not rank 2 or the ids do not match
  ///   its rows.
  public init(candidates: Tensor, ids: [Int64]? = nil) throws {
    guard candidates.rank == 2 else {
      throw RecommenderError(
        component: "BruteForce",
        reason: "candidates must be [count, dimension], got shape \(candidates.shape)")
    }
    if let ids = ids, ids.count != candidates.shape[0] {
      throw RecommenderError(
        component: "BruteForce",
        reason: "\(ids.count) ids for \(candidates.shape[0]) candidates")
    }
    self.candidates = candidates
    self.ids = ids
    lookup = RowLookup(ids: ids)
  }

  public var count: Int { candidates.shape[0] }
  public var dimension: Int { candidates.shape[1] }
  public var isExact: Bool { true }

  /// The id of candidate row `row`.
  public func id(ofRow row: Int) -> Int64 { ids?[row] ?? Int64(row) }

  /// The top `k` candidates of each query, best first; equal scores come in row order (the
  /// lower row first, as `tf.math.top_k`).
  ///
  /// `exclusions[i]` lists ids query i must not get back (for example the items the user has
  /// already rated): every candidate with such an id is left out before ranking, so the
  /// query still gets `k` other candidates if there are that many. Unknown ids are ignored.
  /// A query left with fewer than `k` candidates gets padding (see ``TopKCandidates``).
  ///
  ///     let top = try index.query(users, k: 10, exclusions: seenMovieIDs)
  ///
  /// - Throws: ``RecommenderError`` when `queries` is not `[batch, dimension]`, `k` is
  ///   outside `0...count` or there is not one exclusion list per query.
  /// - Complexity: O(batch · count · dimension) for the scores plus about O(batch · count)
  ///   for the selection (most scores cost one comparison) and O(batch · k log k) to sort
  ///   the results, all spread over the cores; memory for one block of scores (about 4 MB)
  ///   besides the result.
  public func query(_ queries: Tensor, k: Int, exclusions: [[Int64]]? = nil) throws
    -> TopKCandidates
  {
    guard queries.rank == 2, queries.shape[1] == dimension else {
      throw RecommenderError(
        component: "BruteForce",
        reason: "queries must be [batch, \(dimension)], got shape \(queries.shape)")
    }
    guard k >= 0 && k <= count else {
      throw RecommenderError(
        component: "BruteForce", reason: "k = \(k) is outside 0...\(count) (the candidate count)")
    }
    let batch = queries.shape[0]
    if let exclusions = exclusions, exclusions.count != batch {
      throw RecommenderError(
        component: "BruteForce",
        reason: "\(exclusions.count) exclusion lists for \(batch) queries")
    }
    let excludedRows = exclusions.map { lists in lists.map { lookup.sortedRows(of: $0) } }
    let (scores, rows) = BlockTopK.run(
      queries: queries, candidates: candidates, k: k, excludedRows: excludedRows)
    let resultIDs = rows.map { $0 < 0 ? TopKCandidates.paddingID : id(ofRow: Int($0)) }
    return TopKCandidates(queryCount: batch, k: k, scores: scores, ids: resultIDs, rows: rows)
  }
}

extension BruteForce {
  /// Per query, how many candidates (not excluded) score strictly above `thresholds[i]`,
  /// with the counts of infinite and finite scores: what score-based top-K accuracy needs,
  /// without selecting the top K.
  func scoreCounts(_ queries: Tensor, thresholds: [Float], exclusions: [[Int64]]?)
    -> BlockCount.Counts
  {
    let excludedRows = exclusions.map { lists in lists.map { lookup.sortedRows(of: $0) } }
    return BlockCount.run(
      queries: queries, candidates: candidates, thresholds: thresholds,
      excludedRows: excludedRows)
  }
}

/// The rows holding each id, built on first use (only exclusions need it) and shared by
/// copies of the index.
final class RowLookup: @unchecked Sendable {
  private let ids: [Int64]?
  private let lock = NSLock()
  private var rowsByID: [Int64: [Int32]]?

  init(ids: [Int64]?) {
    self.ids = ids
  }

  /// The rows whose id is in `wanted`, ascending.
  func sortedRows(of wanted: [Int64]) -> [Int32] {
    guard let ids = ids else {
      // Ids are row numbers.
      return wanted.compactMap { Int32(exactly: $0) }.sorted()
    }
    let table = table(for: ids)
    return wanted.flatMap { table[$0] ?? [] }.sorted()
  }

  private func table(for ids: [Int64]) -> [Int64: [Int32]] {
    lock.lock()
    defer { lock.unlock() }
    if let built = rowsByID { return built }
    var built: [Int64: [Int32]] = [:]
    built.reserveCapacity(ids.count)
    for (row, id) in ids.enumerated() { built[id, default: []].append(Int32(row)) }
    rowsByID = built
    return built
  }
}
