import ReelTensor

/// The general `Retrieval` path: the score matrix is built and differentiated step by step,
/// as TFRS computes it.
extension Retrieval {
  /// The loss, the final scores and (for batch metrics) the labels they are compared with.
  struct GeneralLoss {
    let loss: Variable
    /// The logits the softmax saw: `[n, m]`, or `[n, h + 1]` after hard-negative mining.
    let scores: Tensor
    /// The kept columns per row (hard-negative mining), row-major; nil when all are kept.
    let keptColumns: [Int32]?
    let queryCount: Int

    /// TFRS's labels for the final scores: `eye(n, m)`, or its kept columns.
    func labels() -> Tensor {
      let width = scores.shape[1]
      var labels = Tensor(shape: scores.shape)
      labels.withUnsafeMutableBufferPointer { y in
        for i in 0..<queryCount {
          if let kept = keptColumns {
            for j in 0..<width where kept[i * width + j] == Int32(i) { y[i * width + j] = 1 }
          } else {
            y[i * width + i] = 1
          }
        }
      }
      return labels
    }
  }

  func generalLoss(
    queries: Variable, candidates: Variable, shape: RetrievalShape, offsets: [Float]?,
    sampleWeights: [Float]?, ids: [Int64]?, scoreMask: [Bool]?
  ) -> GeneralLoss {
    let (n, m) = (shape.queries, shape.candidates)
    // 1. Scores, with the maximum over heads for multi-vector queries.
    var scores: Variable
    if let heads = shape.heads {
      let flat = queries.reshaped([n * heads, shape.dimension])
      scores = ScoreOperations.maxOverHeads(
        matmul(flat, candidates, transposeB: true), heads: heads)
    } else {
      scores = matmul(queries, candidates, transposeB: true)
    }
    // 2. Temperature (a true division, as TFRS's `scores / temperature`).
    if let t = temperature {
      scores = scores / Variable(constant: Tensor(t))
    }
    // 3. logQ correction, added after the temperature.
    if let offsets = offsets {
      scores = scores + Variable(constant: Tensor(shape: [1, m], scalars: offsets))
    }
    // 4–5. Accidental hits, then the score mask.
    if removeAccidentalHits || scoreMask != nil {
      let penalized = removeAccidentalHits ? accidentalHits(ids: ids!, queries: n) : nil
      scores = ScoreOperations.adjusted(scores, penalized: penalized, mask: scoreMask)
    }
    // 6. Hard negatives: the positive (pushed up by MAX_FLOAT) and the h best negatives.
    if let h = numHardNegatives {
      let k = min(h + 1, m)
      var boosted = scores.value
      boosted.withUnsafeMutableBufferPointer { s in
        for i in 0..<n { s[i * m + i] += tfrsMaxFloat }
      }
      let kept = boosted.topK(k).indices
      let logits = ScoreOperations.gatherColumns(scores, columns: kept, k: k)
      var labels = Tensor(shape: [n, k])
      labels.withUnsafeMutableBufferPointer { y in
        for i in 0..<n {
          for j in 0..<k where kept[i * k + j] == Int32(i) { y[i * k + j] = 1 }
        }
      }
      let loss = softmaxCrossEntropy(
        logits: logits, labels: labels, reduction: reduction, sampleWeights: sampleWeights)
      return GeneralLoss(loss: loss, scores: logits.value, keptColumns: kept, queryCount: n)
    }
    // 7. In-batch softmax against the identity labels.
    let loss = softmaxCrossEntropy(
      logits: scores, classes: (0..<Int32(n)).map { $0 }, reduction: reduction,
      sampleWeights: sampleWeights)
    return GeneralLoss(loss: loss, scores: scores.value, keptColumns: nil, queryCount: n)
  }

  /// Per query, the other columns whose candidate id equals its positive's.
  private func accidentalHits(ids: [Int64], queries n: Int) -> [[Int]] {
    var columnsByID: [Int64: [Int]] = [:]
    for (column, id) in ids.enumerated() { columnsByID[id, default: []].append(column) }
    return (0..<n).map { i in (columnsByID[ids[i]] ?? []).filter { $0 != i } }
  }
}
