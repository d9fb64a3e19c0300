import CReelKernels
import ReelRecommenders
import ReelTensor

extension ScaNNIndex {
  /// The approximate top `k` candidates of each query, best first by exact dot product; equal
  /// scores come in row order.
  ///
  /// Per query: the leaf centroids are scored (one matrix product for the batch), the codes of
  /// the best ``leavesToSearch`` leaves are scanned with the query's lookup table, the best
  /// `max(reorder, k)` approximate scores are re-scored exactly and the top `k` returned.
  /// `exclusions[i]` lists ids query i must not get back; they are skipped before ranking.
  /// A query whose searched leaves hold fewer than `k` candidates gets padding.
  ///
  ///     let top = try index.query(users, k: 10, exclusions: seenMovieIDs)
  ///
  /// - Throws: ``RecommenderError`` when `queries` is not `[batch, dimension]`, `k` is
  ///   outside `0...count` or there is not one exclusion list per query.
  /// - Complexity: O(batch · leaves · d) for the centroids, O(scanned · d / 2) byte lookups
  ///   (scanned ≈ count · leavesToSearch / leaves) and O(reorder · d) per query; queries are
  ///   spread over the cores.
  public func query(_ queries: Tensor, k: Int, exclusions: [[Int64]]? = nil) throws
    -> TopKCandidates
  {
    try query(queries, k: k, exclusions: exclusions, avx2: LUT16.usesAVX2)
  }

  /// ``query(_:k:exclusions:)`` with the code scan's AVX2 use chosen (tests check that the
  /// portable scan gives the same results).
  func query(_ queries: Tensor, k: Int, exclusions: [[Int64]]?, avx2: Bool) throws
    -> TopKCandidates
  {
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: "ScaNNIndex", reason: reason)
    }
    guard queries.rank == 2, queries.shape[1] == dimension else {
      throw fail("queries must be [batch, \(dimension)], got shape \(queries.shape)")
    }
    guard k >= 0 && k <= count else {
      throw fail("k = \(k) is outside 0...\(count) (the candidate count)")
    }
    guard leavesToSearch >= 1, reorder >= 0 else {
      throw fail("leavesToSearch (\(leavesToSearch)) must be ≥ 1 and reorder (\(reorder)) ≥ 0")
    }
    let batch = queries.shape[0]
    if let exclusions = exclusions, exclusions.count != batch {
      throw fail("\(exclusions.count) exclusion lists for \(batch) queries")
    }
    var scores = Tensor(shape: [batch, k], repeating: -.infinity)
    var rows = [Int32](repeating: -1, count: batch * k)
    guard batch > 0, k > 0 else {
      return TopKCandidates(
        queryCount: batch, k: k, scores: scores, ids: [], rows: rows)
    }
    let centroidScores = matmul(queries, leafCentroids, transposeB: true)
    let searched = min(leavesToSearch, leafCount)
    let keep = min(max(reorder, k), count)
    let work =
      batch * (searched * count / max(leafCount, 1) * quantizer.blocks / 8 + keep * dimension)
    scores.withUnsafeMutableBufferPointer { outScores in
      rows.withUnsafeMutableBufferPointer { outRows in
        queries.withUnsafeBufferPointer { q in
          centroidScores.withUnsafeBufferPointer { cs in
            ANNParallel.forEachChunk(batch, work: work) { _, range in
              var searcher = Searcher(index: self, keep: keep, avx2: avx2)
              for i in range {
                let excluded = exclusions.map { lookup.sortedRows(of: $0[i]) } ?? []
                searcher.search(
                  query: q.baseAddress! + i * dimension,
                  leafScores: cs.baseAddress! + i * leafCount, leaves: searched,
                  excluded: excluded)
                searcher.writeTop(
                  k, query: q.baseAddress! + i * dimension,
                  scores: outScores.baseAddress! + i * k, rows: outRows.baseAddress! + i * k)
              }
            }
          }
        }
      }
    }
    let resultIDs = rows.map { $0 < 0 ? TopKCandidates.paddingID : id(ofRow: Int($0)) }
    return TopKCandidates(queryCount: batch, k: k, scores: scores, ids: resultIDs, rows: rows)
  }
}

/// One thread's scratch for searching an index: the padded query, its table, the chosen
/// leaves, the first leaf's sums, the candidate buffer and the re-scoring arrays.
struct Searcher {
  let index: ScaNNIndex
  var padded: [Float]
  var table: LUT16.Table
  var leaves: [Int32] = []
  var sums: [UInt16]
  let buffer: CandidateBuffer
  var exactScores: [Float]
  var exactRows: [Int32]
  /// Whether the code scan uses AVX2 (tests turn it off to check the portable path).
  let scanAVX2: Bool

  init(index: ScaNNIndex, keep: Int, avx2: Bool = LUT16.usesAVX2) {
    self.index = index
    scanAVX2 = avx2
    let blocks = index.quantizer.blocks
    padded = [Float](repeating: 0, count: 2 * blocks)
    table = LUT16.Table(blocks: blocks)
    var widest = 0
    for l in 0..<index.leafCount {
      widest = max(widest, index.leafStarts[l + 1] - index.leafStarts[l])
    }
    sums = [UInt16](repeating: 0, count: widest)
    buffer = CandidateBuffer(capacity: keep)
    exactScores = [Float](repeating: 0, count: keep)
    exactRows = [Int32](repeating: 0, count: keep)
  }

  /// Fills the buffer with the best approximate candidates (by slot) of the query's best
  /// `leaves` leaves.
  mutating func search(
    query: UnsafePointer<Float>, leafScores: UnsafePointer<Float>, leaves count: Int,
    excluded: [Int32]
  ) {
    let d = index.dimension
    for j in 0..<d { padded[j] = query[j] }
    padded.withUnsafeBufferPointer { table.fill(query: $0.baseAddress!, quantizer: index.quantizer) }
    // The best leaves by centroid score (ties: lower leaf first), best first, so that the
    // first leaf seeds the buffer's threshold.
    if leaves.count != count { leaves = [Int32](repeating: 0, count: count) }
    reel_top_indices(leafScores, index.leafCount, count, &leaves)
    buffer.reset()
    let blocks = index.quantizer.blocks
    let bias = table.bias
    let scale = table.scale
    let avx2: Int32 = scanAVX2 ? 1 : 0
    index.packedCodes.withUnsafeBufferPointer { codes in
      table.bytes.withUnsafeBufferPointer { lut in
        index.slotRows.withUnsafeBufferPointer { slotRows in
          excluded.withUnsafeBufferPointer { ex in
            for (position, leaf) in leaves.enumerated() {
              let l = Int(leaf)
              let start = index.leafStarts[l]
              let groups = (index.leafStarts[l + 1] - start) / 32
              guard groups > 0 else { continue }
              let leafCodes = codes.baseAddress! + start / 32 * blocks * 16
              let base = leafScores[l] + bias
              if position == 0 {
                // The best leaf's sums set a first threshold before any candidate is offered.
                sums.withUnsafeMutableBufferPointer { out in
                  LUT16.scan(
                    codes: leafCodes, groups: groups, blocks: blocks, table: lut.baseAddress!,
                    out: out.baseAddress!, avx2: scanAVX2)
                  reel_lut16_seed_threshold(
                    out.baseAddress!, index.leafSizes[l], base, scale, ex.count, buffer.state)
                  reel_lut16_offer_sums(
                    out.baseAddress!, index.leafSizes[l], base, scale, Int32(start),
                    slotRows.baseAddress!, ex.baseAddress, ex.count, buffer.state)
                }
                continue
              }
              // Scan, threshold test, exclusion and buffering in C (no per-slot Swift work).
              reel_lut16_scan_collect(
                leafCodes, groups, blocks, lut.baseAddress!, index.leafSizes[l], base, scale,
                Int32(start), slotRows.baseAddress!, ex.baseAddress, ex.count, buffer.state,
                avx2)
            }
          }
        }
      }
    }
    buffer.finish()
  }

  /// Re-scores the buffer's candidates exactly and writes the best `k` (padding the rest).
  mutating func writeTop(
    _ k: Int, query: UnsafePointer<Float>, scores: UnsafeMutablePointer<Float>,
    rows: UnsafeMutablePointer<Int32>
  ) {
    let state = buffer.state.pointee
    index.slotVectors.withUnsafeBufferPointer { x in
      index.slotRows.withUnsafeBufferPointer { slotRows in
        reel_rescore_top(
          query, index.dimension, x.baseAddress!, state.slots, state.count,
          slotRows.baseAddress!, k, &exactScores, &exactRows, scores, rows)
      }
    }
  }
}
