/// Softmax cross-entropy of the dot-product scores `queries · candidatesᵀ`, with one positive
/// candidate column per query: the loss of a two-tower retrieval model (TFRS `Retrieval`
/// with `labels = eye(n)`: pass `classes = 0..<n`), without ever holding the score matrix.
///
/// Equal to `softmaxCrossEntropy(logits: matmul(queries, candidates, transposeB: true) /
/// temperature + columnOffsets, classes: classes, …)`, computed in blocks of query rows whose
/// scores and gradients stay in cache; the gradients of both towers come out of the same
/// sweep (see ``softmaxCrossEntropy(logits:classes:reduction:sampleWeights:)``).
///
/// - Parameters:
///   - temperature: scores are divided by it (TFRS `temperature`).
///   - columnOffsets: added to every row after the division, one per candidate (TFRS's
///     sampling-probability correction is `−log(clip(p, 1e-6, 1))`).
///   - reduction: ``LossReduction/sum`` (TFRS's default) or
///     ``LossReduction/sumOverBatchSize``; per-example losses (``LossReduction/none``) need
///     the unfused path.
///
///     let tape = Tape()
///     let q = tape.watch(Tensor(rows: [[1, 0], [0, 1]]))
///     let c = tape.watch(Tensor(rows: [[2, 0], [0, 2]]))
///     dotProductSoftmaxCrossEntropy(queries: q, candidates: c, classes: [0, 1]).value.scalar
///     // 0.253856
///
/// - Complexity: O(nq · nc · d) in three matrix products per block, plus one exponential per
///   score; O(blockRows · nc) extra memory.
public func dotProductSoftmaxCrossEntropy(
  queries: Variable, candidates: Variable, classes: [Int32], temperature: Float = 1,
  columnOffsets: [Float]? = nil, reduction: LossReduction = .sum, sampleWeights: [Float]? = nil
) -> Variable {
  dotProductSoftmaxCrossEntropy(
    queries: queries, candidates: candidates, classes: classes, temperature: temperature,
    columnOffsets: columnOffsets, reduction: reduction, sampleWeights: sampleWeights,
    blockRows: nil)
}

/// ``dotProductSoftmaxCrossEntropy(queries:candidates:classes:temperature:columnOffsets:reduction:sampleWeights:)``
/// with a chosen block height (tests use small blocks to cover block boundaries).
func dotProductSoftmaxCrossEntropy(
  queries: Variable, candidates: Variable, classes: [Int32], temperature: Float,
  columnOffsets: [Float]?, reduction: LossReduction, sampleWeights: [Float]?, blockRows: Int?
) -> Variable {
  precondition(
    reduction != .none,
    "dotProductSoftmaxCrossEntropy: needs a sum or mean reduction; for per-example losses "
      + "use softmaxCrossEntropy(logits: matmul(...), classes:, reduction: .none)")
  precondition(temperature > 0, "dotProductSoftmaxCrossEntropy: temperature must be positive")
  let reducer = LossReducer(
    reduction: reduction, weights: sampleWeights, exampleShape: [queries.shape.first ?? 0],
    loss: "dotProductSoftmaxCrossEntropy")
  let result = ScoreCrossEntropyKernel.run(
    queries: queries.value, candidates: candidates.value, classes: classes,
    temperature: temperature, columnOffsets: columnOffsets, rowScales: reducer.unitFactors,
    wantsQueryGradient: queries.isRecorded, wantsCandidateGradient: candidates.isRecorded,
    blockRows: blockRows)
  let (dq, dc) = (result.queryGradient, result.candidateGradient)
  return Tape.recording(reducer.reduce(result.losses), [queries, candidates]) { g, needs in
    let factor = g.scalar
    func scaled(_ t: Tensor?) -> Gradient? {
      t.map { .dense(factor == 1 ? $0 : $0 * factor) }
    }
    return [needs[0] ? scaled(dq) : nil, needs[1] ? scaled(dc) : nil]
  }
}
