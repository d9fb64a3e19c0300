import Foundation
import ReelRecommenders
import ReelTensor

/// An approximate maximum-inner-product index in the style of ScaNN (Guo et al. 2020): a
/// k-means partition of the candidates into leaves, 4-bit product-quantized residuals scored
/// with per-query lookup tables, and exact re-scoring of the best approximate candidates.
///
/// A query scores every leaf centroid, scans the codes of the best ``leavesToSearch`` leaves
/// (score ≈ `q · centroid + q · PQ(x − centroid)`), keeps the best `max(reorder, k)` and
/// returns the top `k` of those by exact dot product. See `Docs/ANN.md` for tuning.
///
///     let index = try ScaNNIndex(candidates: items, ids: itemIDs)   // ≈√N leaves
///     var tuned = index
///     tuned.leavesToSearch = 40
///     let top = try tuned.query(users, k: 10, exclusions: seen)
///     try index.save(to: URL(fileURLWithPath: "items.scann"))
///
/// The scores returned are exact dot products; only the candidate set is approximate. Equal
/// scores come in row order (the lower row first); a query with fewer than `k` candidates in
/// its searched leaves gets padding (see ``TopKCandidates``).
public struct ScaNNIndex: TopKIndex {
  /// How an index is built and searched.
  public struct Configuration: Equatable, Sendable {
    /// The number of k-means leaves; nil for ≈√count (ScaNN's rule of thumb).
    public var leaves: Int?
    /// Leaves searched per query; nil for ⌈leaves / 10⌉. Changeable after the build.
    public var leavesToSearch: Int?
    /// Approximate candidates re-scored exactly (at least `k` are). Changeable after the build.
    public var reorder: Int
    /// ScaNN's `anisotropic_quantization_threshold` T (an inner-product value; nil for plain
    /// PQ): the codebook minimizes η‖e∥‖² + ‖e⊥‖² with η from T (see `Docs/ANN.md`).
    public var anisotropicThreshold: Float?
    /// Rows used to train the partition and the codebook.
    public var trainingSampleSize: Int
    /// Lloyd iterations of the partition.
    public var partitionIterations: Int
    /// Iterations of the codebook training.
    public var quantizerIterations: Int
    /// The seed: the same data, configuration and seed give the same index.
    public var seed: UInt64

    /// A configuration; every argument has ScaNN-like defaults.
    public init(
      leaves: Int? = nil, leavesToSearch: Int? = nil, reorder: Int = 100,
      anisotropicThreshold: Float? = nil, trainingSampleSize: Int = 100_000,
      partitionIterations: Int = 12, quantizerIterations: Int = 10, seed: UInt64 = 0
    ) {
      self.leaves = leaves
      self.leavesToSearch = leavesToSearch
      self.reorder = reorder
      self.anisotropicThreshold = anisotropicThreshold
      self.trainingSampleSize = trainingSampleSize
      self.partitionIterations = partitionIterations
      self.quantizerIterations = quantizerIterations
      self.seed = seed
    }
  }

  /// A build's progress: the stage and the fraction of it done.
  public struct BuildProgress: Sendable, Equatable {
    /// The parts of a build, in order.
    public enum Stage: String, Sendable {
      case partitioning, assigning, quantizer, encoding, done
    }
    /// The current stage.
    public let stage: Stage
    /// Fraction of the stage done, 0...1.
    public let fraction: Double
  }

  /// The candidate embeddings, `[count, dimension]`, in row order.
  ///
  /// The index keeps one copy of the vectors, in leaf order for re-scoring; this property
  /// gathers them back into row order on each access.
  ///
  /// - Complexity: O(count · dimension) time and memory per access.
  public var candidates: Tensor {
    var out = Tensor(shape: [count, dimension], repeating: 0)
    let d = dimension
    out.withUnsafeMutableBufferPointer { o in
      slotVectors.withUnsafeBufferPointer { x in
        for (row, slot) in rowSlots.enumerated() {
          (o.baseAddress! + row * d).update(from: x.baseAddress! + Int(slot) * d, count: d)
        }
      }
    }
    return out
  }
  /// The candidates' ids, or nil when they are the row numbers.
  public let ids: [Int64]?
  /// The leaf centroids, `[leafCount, dimension]`.
  public let leafCentroids: Tensor
  /// Leaves searched per query.
  public var leavesToSearch: Int
  /// Approximate candidates re-scored exactly per query (at least `k` are).
  public var reorder: Int
  /// The anisotropic threshold the codebook was trained with (nil: plain PQ).
  public let anisotropicThreshold: Float?

  let quantizer: ProductQuantizer
  /// Slot ranges of the leaves: leaf l holds slots `leafStarts[l] ..< leafStarts[l+1]`, a
  /// multiple of 32; its first `leafSizes[l]` slots are candidates.
  let leafStarts: [Int]
  let leafSizes: [Int]
  /// The candidate row of each slot (−1 for padding).
  let slotRows: [Int32]
  /// The 4-bit codes of the slots in the layout of `reel_lut16_scan`: 32 slots per group,
  /// `blocks · 16` bytes per group.
  let packedCodes: [UInt8]
  /// The candidates in slot order (`slots · dimension`, zeros for padding), so that
  /// re-scoring reads a few contiguous leaves instead of rows spread over the whole matrix.
  /// The index's only copy of the vectors.
  let slotVectors: [Float]
  /// The slot of each candidate row.
  let rowSlots: [Int32]
  let lookup: IDLookup

  public let count: Int
  public let dimension: Int
  public var isExact: Bool { false }
  /// The number of leaves.
  public var leafCount: Int { leafSizes.count }

  /// The id of candidate row `row`.
  public func id(ofRow row: Int) -> Int64 { ids?[row] ?? Int64(row) }

  init(
    candidates: Tensor, ids: [Int64]?, leafCentroids: Tensor, leavesToSearch: Int, reorder: Int,
    anisotropicThreshold: Float?, quantizer: ProductQuantizer, leafStarts: [Int],
    leafSizes: [Int], slotRows: [Int32], packedCodes: [UInt8]
  ) {
    let d = candidates.shape[1]
    self = candidates.withUnsafeBufferPointer { x in
      ScaNNIndex(
        count: candidates.shape[0], dimension: d,
        copyRow: { row, out in out.initialize(from: x.baseAddress! + row * d, count: d) },
        ids: ids, leafCentroids: leafCentroids, leavesToSearch: leavesToSearch, reorder: reorder,
        anisotropicThreshold: anisotropicThreshold, quantizer: quantizer,
        leafStarts: leafStarts, leafSizes: leafSizes, slotRows: slotRows,
        packedCodes: packedCodes)
    }
  }

  /// An index whose vectors come from `copyRow(row, destination)`, which writes row `row`'s
  /// `dimension` floats (straight from a file, without a row-order copy).
  init(
    count: Int, dimension d: Int, copyRow: (Int, UnsafeMutablePointer<Float>) -> Void,
    ids: [Int64]?, leafCentroids: Tensor, leavesToSearch: Int, reorder: Int,
    anisotropicThreshold: Float?, quantizer: ProductQuantizer, leafStarts: [Int],
    leafSizes: [Int], slotRows: [Int32], packedCodes: [UInt8]
  ) {
    self.count = count
    dimension = d
    self.ids = ids
    self.leafCentroids = leafCentroids
    self.leavesToSearch = leavesToSearch
    self.reorder = reorder
    self.anisotropicThreshold = anisotropicThreshold
    self.quantizer = quantizer
    self.leafStarts = leafStarts
    self.leafSizes = leafSizes
    self.slotRows = slotRows
    self.packedCodes = HugePages.array(count: packedCodes.count) { out in
      _ = out.initialize(from: packedCodes)
    }
    slotVectors = HugePages.array(count: slotRows.count * d) { out in
      for (slot, row) in slotRows.enumerated() {
        if row >= 0 {
          copyRow(Int(row), out.baseAddress! + slot * d)
        } else {
          (out.baseAddress! + slot * d).initialize(repeating: 0, count: d)
        }
      }
    }
    var rowSlots = [Int32](repeating: 0, count: count)
    for (slot, row) in slotRows.enumerated() where row >= 0 { rowSlots[Int(row)] = Int32(slot) }
    self.rowSlots = rowSlots
    lookup = IDLookup(ids: ids)
  }
}
