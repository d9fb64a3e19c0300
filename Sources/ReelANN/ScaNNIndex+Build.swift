import Foundation
import ReelRecommenders
import ReelTensor

extension ScaNNIndex {
  /// Builds an index over `candidates` (`[count, dimension]`) with one id per row (nil: the
  /// row numbers), on every core.
  ///
  ///     let index = try ScaNNIndex(
  ///       candidates: items, configuration: .init(leaves: 1000, anisotropicThreshold: 0.2)
  ///     ) { print($0.stage, $0.fraction) }
  ///
  /// Steps: k-means (k-means++ seeding) on a sample of `trainingSampleSize` rows; every row
  /// goes to its nearest centroid (L2); a product quantizer with 16 centres per 2 dimensions
  /// is trained on the sample's residuals (anisotropically when a threshold is set) and
  /// encodes every residual in 4 bits per block.
  ///
  /// - Throws: ``RecommenderError`` when `candidates` is not a non-empty `[count, dimension]`
  ///   matrix, the ids do not match its rows, or a setting is out of range.
  /// - Complexity: O(partitionIterations · sample · leaves · d) for k-means, O(count · leaves
  ///   · d) to assign, O(quantizerIterations · sample · d · 8) and O(count · d · 8) for the
  ///   quantizer. Memory: the index keeps one copy of the candidates, in leaf order (for
  ///   re-scoring; it does not retain `candidates` itself), count · d / 2 bytes of codes and
  ///   8 bytes of layout per row.
  public init(
    candidates: Tensor, ids: [Int64]? = nil, configuration: Configuration = Configuration(),
    progress: ((BuildProgress) -> Void)? = nil
  ) throws {
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: "ScaNNIndex", reason: reason)
    }
    guard candidates.rank == 2, candidates.shape[0] > 0, candidates.shape[1] > 0 else {
      throw fail(
        "candidates must be a non-empty [count, dimension] matrix, got shape "
          + "\(candidates.shape)")
    }
    let n = candidates.shape[0]
    let d = candidates.shape[1]
    if let ids = ids, ids.count != n { throw fail("\(ids.count) ids for \(n) candidates") }
    guard n <= Int(Int32.max) else { throw fail("\(n) candidates is more than 2³¹ − 1") }
    let leaves = configuration.leaves ?? max(1, Int(Double(n).squareRoot().rounded()))
    guard leaves >= 1 && leaves <= n else {
      throw fail("leaves = \(leaves) is outside 1...\(n) (the candidate count)")
    }
    let toSearch = configuration.leavesToSearch ?? max(1, (leaves + 9) / 10)
    guard toSearch >= 1 else { throw fail("leavesToSearch = \(toSearch) must be at least 1") }
    guard configuration.reorder >= 0 else {
      throw fail("reorder = \(configuration.reorder) must not be negative")
    }
    if let t = configuration.anisotropicThreshold, !(t.isFinite && t > 0) {
      throw fail("anisotropicThreshold = \(t) must be a positive number")
    }
    guard configuration.trainingSampleSize >= 1, configuration.partitionIterations >= 0,
      configuration.quantizerIterations >= 0
    else {
      throw fail("trainingSampleSize must be positive and iteration counts non-negative")
    }
    let report = progress ?? { _ in }
    var random = ANNRandom(seed: configuration.seed)

    // 1. Partition: k-means on a sample.
    let sampleRows = random.sample(max(leaves, configuration.trainingSampleSize), of: n).sorted()
    let sample = gatherRows(candidates, sampleRows)
    let centroids = KMeans.train(
      points: sample, k: leaves, iterations: configuration.partitionIterations,
      initSample: min(sampleRows.count, max(32 * leaves, 1024)), random: &random
    ) { report(BuildProgress(stage: .partitioning, fraction: $0)) }
    report(BuildProgress(stage: .assigning, fraction: 0))
    let assignment = KMeans.assign(points: candidates, centroids: centroids)
    report(BuildProgress(stage: .assigning, fraction: 1))

    // 2. Quantizer on the sample's residuals.
    let blocks = ProductQuantizer.blocks(forDimension: d)
    let training = ResidualRows(
      candidates: candidates, rows: sampleRows, assignment: assignment, centroids: centroids,
      paddedDimension: 2 * blocks, threshold: configuration.anisotropicThreshold)
    var quantizer = ProductQuantizer.train(
      residuals: training.residuals, count: sampleRows.count, blocks: blocks,
      iterations: configuration.quantizerIterations, random: &random)
    report(BuildProgress(stage: .quantizer, fraction: 0.5))
    if configuration.anisotropicThreshold != nil {
      quantizer.trainAnisotropic(
        residuals: training.residuals, directions: training.directions,
        weights: training.weights, count: sampleRows.count,
        iterations: configuration.quantizerIterations
      ) { report(BuildProgress(stage: .quantizer, fraction: 0.5 + 0.5 * $0)) }
    }
    report(BuildProgress(stage: .quantizer, fraction: 1))

    // 3. Encode every row, a chunk at a time.
    var codes = [UInt8](repeating: 0, count: n * blocks)
    let chunk = 65_536
    for start in stride(from: 0, to: n, by: chunk) {
      let rows = Array(start..<min(n, start + chunk))
      let part = ResidualRows(
        candidates: candidates, rows: rows, assignment: assignment, centroids: centroids,
        paddedDimension: 2 * blocks, threshold: configuration.anisotropicThreshold)
      let partCodes =
        configuration.anisotropicThreshold == nil
        ? quantizer.encode(residuals: part.residuals, count: rows.count)
        : quantizer.encodeAnisotropic(
          residuals: part.residuals, directions: part.directions, weights: part.weights,
          count: rows.count)
      codes.replaceSubrange((start * blocks)..<((start + rows.count) * blocks), with: partCodes)
      report(BuildProgress(stage: .encoding, fraction: Double(start + rows.count) / Double(n)))
    }

    // 4. Leaf layout: slots grouped by leaf, each leaf padded to a multiple of 32.
    var sizes = [Int](repeating: 0, count: leaves)
    for a in assignment { sizes[Int(a)] += 1 }
    var starts = [Int](repeating: 0, count: leaves + 1)
    for l in 0..<leaves { starts[l + 1] = starts[l] + (sizes[l] + 31) / 32 * 32 }
    var slotRows = [Int32](repeating: -1, count: starts[leaves])
    var fill = starts
    for (row, a) in assignment.enumerated() {
      slotRows[fill[Int(a)]] = Int32(row)
      fill[Int(a)] += 1
    }
    let packed = LUT16.pack(codes: codes, blocks: blocks, slotRows: slotRows)
    self.init(
      candidates: candidates, ids: ids, leafCentroids: centroids, leavesToSearch: toSearch,
      reorder: configuration.reorder, anisotropicThreshold: configuration.anisotropicThreshold,
      quantizer: quantizer, leafStarts: starts, leafSizes: sizes, slotRows: slotRows,
      packedCodes: packed)
    report(BuildProgress(stage: .done, fraction: 1))
  }
}

/// The rows `rows` of a matrix, as a new `[rows.count, d]` tensor.
func gatherRows(_ matrix: Tensor, _ rows: [Int]) -> Tensor {
  let d = matrix.shape[1]
  var out = Tensor(shape: [rows.count, d], repeating: 0)
  matrix.withUnsafeBufferPointer { x in
    out.withUnsafeMutableBufferPointer { o in
      for (i, r) in rows.enumerated() {
        for j in 0..<d { o[i * d + j] = x[r * d + j] }
      }
    }
  }
  return out
}

/// Residuals `x − centroid(x)` of some rows, zero-padded, and for anisotropic training the
/// unit datapoints and their parallel-error weights η.
struct ResidualRows {
  var residuals: [Float]
  var directions: [Float] = []
  var weights: [Float] = []

  init(
    candidates: Tensor, rows: [Int], assignment: [Int32], centroids: Tensor,
    paddedDimension p: Int, threshold: Float?
  ) {
    let d = candidates.shape[1]
    var residuals = [Float](repeating: 0, count: rows.count * p)
    var directions = [Float](repeating: 0, count: threshold == nil ? 0 : rows.count * p)
    var norms = [Float](repeating: 0, count: rows.count)
    candidates.withUnsafeBufferPointer { x in
      centroids.withUnsafeBufferPointer { c in
        for (i, r) in rows.enumerated() {
          let leaf = Int(assignment[r])
          var norm2: Float = 0
          for j in 0..<d {
            let v = x[r * d + j]
            residuals[i * p + j] = v - c[leaf * d + j]
            norm2 += v * v
          }
          norms[i] = norm2
          if threshold != nil && norm2 > 0 {
            let inv = 1 / norm2.squareRoot()
            for j in 0..<d { directions[i * p + j] = x[r * d + j] * inv }
          }
        }
      }
    }
    self.residuals = residuals
    if let t = threshold {
      self.directions = directions
      weights = ProductQuantizer.parallelWeights(squaredNorms: norms, threshold: t, dimension: d)
    }
  }
}
