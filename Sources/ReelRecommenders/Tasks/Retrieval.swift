import Foundation
import ReelTensor

/// The loss and metrics of a two-tower retrieval model (TFRS's `tasks.Retrieval`): an in-batch
/// softmax where query i's positive is candidate i and every other candidate in the batch is
/// a negative.
///
///     let task = try Retrieval(factorizedMetrics: [try FactorizedTopK(candidates: index)])
///     let tape = Tape()
///     let q = try userModel(batch, tape: tape)      // [n, d]
///     let c = try movieModel(batch, tape: tape)     // [n, d]
///     let loss = try task.loss(queries: q, candidates: c, computeMetrics: false)
///     let gradients = tape.gradient(of: loss, wrt: parameters)
///
/// Steps, in TFRS's order (see `Docs/Recommenders.md`):
/// 1. scores `Q·Cᵀ`, `[n, m]` with m ≥ n (candidates past the n-th are extra negatives for
///    every query); for `[n, heads, d]` queries the maximum over heads;
/// 2. divided by ``temperature``;
/// 3. minus `log(clip(p, 1e-6, 1))` per column for a candidate sampling probability `p`
///    (logQ correction, after the temperature and on every column, the positive included);
/// 4. with ``removeAccidentalHits``, `+ MIN_FLOAT` (−3.4e36) for each negative whose id is the
///    positive's;
/// 5. masked scores replaced by `MIN_FLOAT`;
/// 6. with ``numHardNegatives`` = h, only the positive and the h largest negatives kept;
/// 7. softmax cross-entropy against the identity labels, weighted per query and **summed**
///    over the batch (``reduction`` `.sum`, TFRS's default) or divided by n
///    (`.sumOverBatchSize`);
/// 8. metrics: ``lossMetrics`` get the loss, ``factorizedMetrics`` the queries and the first
///    n candidates (rank-2 queries only), ``batchMetrics`` the identity labels and final scores.
///
/// Without steps 4–6, multi-vector queries or batch metrics, the loss runs in one fused kernel
/// (ReelTensor's `dotProductSoftmaxCrossEntropy`) that never holds the `[n, m]` score matrix;
/// otherwise the scores are materialized and differentiated step by step. Both give the same
/// loss and gradients.
public final class Retrieval: RecommenderTask {
  public let name: String
  /// `.sum` (TFRS's default) or `.sumOverBatchSize` (the mean over queries).
  public let reduction: LossReduction
  /// Scores are divided by it.
  public let temperature: Float?
  /// How many negatives (the highest-scoring) to keep per query; nil keeps all.
  public let numHardNegatives: Int?
  /// Whether negatives sharing the positive's id are pushed out of the softmax (needs
  /// candidate ids).
  public let removeAccidentalHits: Bool
  /// Corpus-wide top-K metrics, updated when `computeMetrics` is true.
  public var factorizedMetrics: [FactorizedTopK]
  /// In-batch metrics of the identity labels against the final scores.
  public var batchMetrics: [any LabeledMetric]
  /// Metrics of the loss value.
  public var lossMetrics: [any ValueMetric]
  /// Whether the fused kernel may be used (tests turn it off to compare paths).
  var allowsFusedKernel = true

  /// A retrieval task.
  ///
  /// - Throws: ``RecommenderError`` for a per-example reduction (`.none`), a temperature
  ///   that is not positive, or a negative `numHardNegatives`.
  public init(
    reduction: LossReduction = .sum, factorizedMetrics: [FactorizedTopK] = [],
    batchMetrics: [any LabeledMetric] = [], lossMetrics: [any ValueMetric] = [],
    temperature: Float? = nil, numHardNegatives: Int? = nil, removeAccidentalHits: Bool = false,
    name: String = "retrieval"
  ) throws {
    guard reduction != .none else {
      throw RecommenderError(
        component: name,
        reason: "the loss must be reduced to a scalar: use .sum or .sumOverBatchSize")
    }
    if let t = temperature, !(t > 0 && t.isFinite) {
      throw RecommenderError(component: name, reason: "temperature must be positive, got \(t)")
    }
    if let h = numHardNegatives, h < 0 {
      throw RecommenderError(
        component: name, reason: "numHardNegatives must be 0 or more, got \(h)")
    }
    self.name = name
    self.reduction = reduction
    self.factorizedMetrics = factorizedMetrics
    self.batchMetrics = batchMetrics
    self.lossMetrics = lossMetrics
    self.temperature = temperature
    self.numHardNegatives = numHardNegatives
    self.removeAccidentalHits = removeAccidentalHits
  }

  /// Loss metrics, then factorized metrics, then batch metrics (TFRS's update order).
  public var metrics: [any Metric] {
    lossMetrics.map { $0 as any Metric } + factorizedMetrics.map { $0 as any Metric }
      + batchMetrics.map { $0 as any Metric }
  }

  /// The loss of one batch, recorded on the tape of `queries` and `candidates`, after
  /// updating the metrics.
  ///
  /// - Parameters:
  ///   - queries: `[n, d]` query embeddings, or `[n, heads, d]` for multi-vector queries.
  ///   - candidates: `[m, d]` candidate embeddings, m ≥ n; row i is query i's positive.
  ///   - sampleWeights: one weight per query.
  ///   - candidateSamplingProbability: one probability per candidate (logQ correction).
  ///   - candidateIDs: one id per candidate: for ``removeAccidentalHits`` and for id-based
  ///     factorized metrics (which get the first n).
  ///   - scoreMask: `n·m` flags, row-major; false removes that candidate from that query's
  ///     softmax and batch metrics.
  ///   - computeMetrics: whether to update ``factorizedMetrics`` (TFRS: set it to false in
  ///     training for speed).
  ///   - computeBatchMetrics: whether to update ``batchMetrics``.
  ///   - exclusions: per query, ids the factorized metrics leave out of the corpus.
  /// - Throws: ``RecommenderError`` when shapes or counts do not match, or when accidental
  ///   hits are to be removed without candidate ids.
  public func loss(
    queries: Variable, candidates: Variable, sampleWeights: [Float]? = nil,
    candidateSamplingProbability: [Float]? = nil, candidateIDs: [Int64]? = nil,
    scoreMask: [Bool]? = nil, computeMetrics: Bool = true, computeBatchMetrics: Bool = true,
    exclusions: [[Int64]]? = nil
  ) throws -> Variable {
    let shape = try RetrievalShape(queries: queries.shape, candidates: candidates.shape, task: name)
    try check(
      shape, sampleWeights: sampleWeights, probabilities: candidateSamplingProbability,
      ids: candidateIDs, scoreMask: scoreMask, exclusions: exclusions)
    let needsScores =
      shape.heads != nil || removeAccidentalHits || scoreMask != nil || numHardNegatives != nil
      || (computeBatchMetrics && !batchMetrics.isEmpty)
    let offsets = candidateSamplingProbability.map { p in
      p.map { -Foundation.log(Swift.min(Swift.max($0, 1e-6), 1)) }
    }
    let loss: Variable
    var batchInputs: (labels: Tensor, scores: Tensor)?
    if needsScores || !allowsFusedKernel {
      let general = generalLoss(
        queries: queries, candidates: candidates, shape: shape, offsets: offsets,
        sampleWeights: sampleWeights, ids: candidateIDs, scoreMask: scoreMask)
      loss = general.loss
      batchInputs = (general.labels(), general.scores)
    } else {
      loss = dotProductSoftmaxCrossEntropy(
        queries: queries, candidates: candidates, classes: (0..<Int32(shape.queries)).map { $0 },
        temperature: temperature ?? 1, columnOffsets: offsets, reduction: reduction,
        sampleWeights: sampleWeights)
    }
    for metric in lossMetrics { try metric.update(values: loss.value, sampleWeights: nil) }
    if computeMetrics && shape.heads == nil {
      let n = shape.queries
      for metric in factorizedMetrics {
        try metric.update(
          queries: queries.value, trueCandidates: candidates.value.rows(0..<n),
          trueCandidateIDs: candidateIDs.map { Array($0.prefix(n)) },
          sampleWeights: sampleWeights, exclusions: exclusions)
      }
    }
    if computeBatchMetrics, let inputs = batchInputs {
      for metric in batchMetrics {
        try metric.update(
          labels: inputs.labels, predictions: inputs.scores, sampleWeights: sampleWeights)
      }
    }
    return loss
  }

  private func check(
    _ shape: RetrievalShape, sampleWeights: [Float]?, probabilities: [Float]?, ids: [Int64]?,
    scoreMask: [Bool]?, exclusions: [[Int64]]?
  ) throws {
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: name, reason: reason)
    }
    let (n, m) = (shape.queries, shape.candidates)
    if let w = sampleWeights, w.count != n {
      throw fail("\(w.count) sample weights for \(n) queries")
    }
    if let p = probabilities, p.count != m {
      throw fail("\(p.count) candidate sampling probabilities for \(m) candidates")
    }
    if let ids = ids, ids.count != m {
      throw fail("\(ids.count) candidate ids for \(m) candidates")
    }
    if removeAccidentalHits && ids == nil {
      throw fail("when accidental hit removal is enabled, candidate ids must be supplied")
    }
    if let mask = scoreMask, mask.count != n * m {
      throw fail("score mask of \(mask.count) flags for \(n)×\(m) scores")
    }
    if let e = exclusions, e.count != n {
      throw fail("\(e.count) exclusion lists for \(n) queries")
    }
  }
}

/// The sizes of one `Retrieval` batch.
struct RetrievalShape {
  let queries: Int
  let candidates: Int
  let dimension: Int
  /// The number of heads of multi-vector queries, nil for `[n, d]` queries.
  let heads: Int?

  init(queries q: [Int], candidates c: [Int], task: String) throws {
    guard q.count == 2 || q.count == 3, c.count == 2, q.last == c.last else {
      throw RecommenderError(
        component: task,
        reason: "queries must be [n, d] or [n, heads, d] and candidates [m, d], got \(q) and \(c)")
    }
    guard c[0] >= q[0] else {
      throw RecommenderError(
        component: task,
        reason: "\(q[0]) queries but only \(c[0]) candidates: candidate i must be query i's "
          + "positive")
    }
    queries = q[0]
    candidates = c[0]
    dimension = c[1]
    heads = q.count == 3 ? q[1] : nil
  }
}
