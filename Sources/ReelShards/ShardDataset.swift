import Foundation
import ReelPipeline

/// A shard dataset directory as a ``Dataset`` of ``FeatureBatch``es, with parallel
/// decompression and read-ahead, column projection, per-worker sharding, an O(1)-memory global
/// shuffle, and random access to any row or block.
///
///     let ratings = try ShardDataset(directory: "cache/ratings", columns: ["user", "movie"])
///       .batched(rows: 8192)
///       .shuffled(seed: 7, windowBlocks: 4)
///     for epoch in 0..<3 {
///       var it = ratings.makeIterator(epoch: epoch)
///       while let batch = try it.next() { ... }
///     }
///
/// Opening checks every shard's trailer, footer checksum and schema against the manifest;
/// reading checks every block's CRC32C and zstd checksum. Corrupt data raises a ``ShardError``
/// naming the file, the block and the reason, and is never returned.
public struct ShardDataset: Dataset {
  public typealias Element = FeatureBatch
  public typealias Iterator = AnyDatasetIterator<FeatureBatch>

  /// The dataset directory.
  public let directory: String
  /// Its manifest.
  public let manifest: ShardManifest
  let files: [ShardFileReader]
  let blocks: [BlockRef]
  /// Column indices kept (nil: all).
  let keep: Set<Int>?
  /// The schema of the batches this dataset yields.
  public let schema: [FeatureSpec]
  var parallelism: Int
  var batchRows: Int?
  var shuffleSeed: UInt64?
  var windowBlocks = 4
  var worker = 0
  var workers = 1

  /// Opens the dataset at `directory`, reading only `columns` (all when nil).
  ///
  /// - Parameter parallelism: blocks decompressed at once (default: the number of cores).
  /// - Throws: ``ShardError`` for a missing or corrupt manifest, an unknown version, a shard
  ///   that cannot be opened, or a shard whose schema or row count disagrees with the manifest.
  public init(directory: String, columns: [String]? = nil, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount) throws {
    self.directory = directory
    manifest = try ShardDirectory.readManifest(directory)
    var files: [ShardFileReader] = []
    var blocks: [BlockRef] = []
    for (s, shard) in manifest.shards.enumerated() {
      let path = (directory as NSString).appendingPathComponent(shard.file)
      let reader = try ShardFileReader(path: path)
      guard reader.schema == manifest.schema else {
        throw ShardError.schemaMismatch(path: path, reason: "the shard has \(reader.schema), the manifest \(manifest.schema)")
      }
      guard reader.rowCount == shard.rows, reader.blockCount == shard.blocks else {
        throw ShardError.corrupt(path: path, block: nil, reason: "\(reader.rowCount) rows in \(reader.blockCount) blocks; the manifest says \(shard.rows) rows in \(shard.blocks) blocks")
      }
      files.append(reader)
      blocks += (0..<reader.blockCount).map { BlockRef(shard: s, block: $0) }
    }
    self.files = files
    self.blocks = blocks
    if let columns {
      var indices: [Int] = []
      for name in columns {
        guard let i = manifest.schema.firstIndex(where: { $0.name == name }) else {
          throw ShardError.invalidInput("no column '\(name)' in \(directory) (columns: \(manifest.schema.map(\.name).joined(separator: ", ")))")
        }
        indices.append(i)
      }
      let kept = Set(indices)
      keep = kept
      schema = manifest.schema.enumerated().filter { kept.contains($0.offset) }.map(\.element)
    } else {
      keep = nil
      schema = manifest.schema
    }
    self.parallelism = max(1, parallelism)
  }

  /// Total rows in the dataset (all workers).
  public var rowCount: Int { manifest.rows }
  /// Total blocks in the dataset (all workers).
  public var blockCount: Int { blocks.count }

  /// Total size of the decompressed block payloads (for the compression ratio).
  public var uncompressedBytes: Int { files.reduce(0) { $0 + $1.uncompressedBytes } }

  /// Per shard file: name, rows, blocks and bytes on disk.
  public var shardSummaries: [ShardManifest.Shard] { manifest.shards }

  /// Yields batches of exactly `rows` rows (the last may be shorter), instead of whole blocks.
  public func batched(rows: Int) -> ShardDataset {
    var copy = self
    copy.batchRows = rows
    return copy
  }

  /// Global shuffle with O(1) extra memory: each epoch reads the blocks in a seeded permutation
  /// and shuffles rows within windows of `windowBlocks` consecutive blocks. Deterministic per
  /// `(seed, epoch)` and resumable.
  public func shuffled(seed: UInt64, windowBlocks: Int = 4) -> ShardDataset {
    var copy = self
    copy.shuffleSeed = seed
    copy.windowBlocks = max(1, windowBlocks)
    return copy
  }

  /// Only this worker's share: every `workers`-th block starting at `worker` (after the
  /// shuffle's block permutation, so workers stay disjoint and together cover every block).
  public func shard(worker: Int, of workers: Int) throws -> ShardDataset {
    guard workers >= 1, (0..<workers).contains(worker) else {
      throw ShardError.invalidInput("worker \(worker) of \(workers)")
    }
    var copy = self
    copy.worker = worker
    copy.workers = workers
    return copy
  }

  /// The pipeline this dataset runs: block groups → (decompress, decode, shuffle) on
  /// `parallelism` workers, in order → optional rebatching.
  var pipeline: AnyDataset<FeatureBatch> {
    let files = self.files
    let keep = self.keep
    let seed = shuffleSeed
    let order = BlockOrder(
      blocks: blocks, seed: shuffleSeed, worker: worker, workers: workers,
      groupSize: shuffleSeed == nil ? 1 : windowBlocks)
    let decoded = order.map(parallelism: parallelism, chunkSize: 1) { group -> FeatureBatch in
      let parts = try group.blocks.map { try files[$0.shard].readBlock($0.block, columns: keep) }
      guard let seed else { return parts[0] }
      return try shuffleWindow(parts, group: group, seed: seed)
    }
    guard let batchRows else { return decoded.eraseToAnyDataset() }
    return decoded.rebatch(size: batchRows).eraseToAnyDataset()
  }

  public var cardinality: Cardinality {
    let order = BlockOrder(
      blocks: blocks, seed: nil, worker: worker, workers: workers,
      groupSize: shuffleSeed == nil ? 1 : windowBlocks)
    if let batchRows, batchRows > 0 {
      let rows = order.order(epoch: 0).reduce(0) { $0 + files[$1.shard].rows(inBlock: $1.block) }
      return .finite((rows + batchRows - 1) / batchRows)
    }
    return order.cardinality
  }

  public func makeIterator(epoch: Int) -> Iterator { pipeline.makeIterator(epoch: epoch) }

  public func makeIterator(restoring state: ErasedState) throws -> Iterator {
    try pipeline.makeIterator(restoring: state)
  }

  // MARK: - Random access

  /// Global block `j` (blocks numbered across shards in file order). O(1) to locate.
  public func block(_ j: Int) throws -> FeatureBatch {
    guard blocks.indices.contains(j) else { throw ShardError.outOfRange("block \(j) of \(blocks.count)") }
    return try files[blocks[j].shard].readBlock(blocks[j].block, columns: keep)
  }

  /// Rows `range` (global row numbers). Reads only the blocks that hold them.
  public func rows(_ range: Range<Int>) throws -> FeatureBatch {
    guard range.lowerBound >= 0, range.upperBound <= rowCount else {
      throw ShardError.outOfRange("rows \(range) of \(rowCount)")
    }
    var parts: [FeatureBatch] = []
    var shardStart = 0
    for file in files {
      let shardRange = shardStart..<(shardStart + file.rowCount)
      shardStart += file.rowCount
      let lo = max(range.lowerBound, shardRange.lowerBound)
      let hi = min(range.upperBound, shardRange.upperBound)
      guard lo < hi else { continue }
      var row = lo - shardRange.lowerBound
      while row < hi - shardRange.lowerBound {
        let j = try file.block(containingRow: row)
        let first = file.firstRow(ofBlock: j)
        let end = min(first + file.rows(inBlock: j), hi - shardRange.lowerBound)
        parts.append(try file.readBlock(j, columns: keep).slice((row - first)..<(end - first)))
        row = end
      }
    }
    if parts.isEmpty { return try FeatureBatch(schema.map { ($0.name, Self.emptyColumn($0)) }) }
    return try FeatureBatch.concatenate(parts)
  }

  /// Row `i` as a one-row batch.
  public func row(_ i: Int) throws -> FeatureBatch { try rows(i..<(i + 1)) }

  static func emptyColumn(_ spec: FeatureSpec) -> FeatureColumn {
    let values: FeatureColumn.Values
    switch spec.type {
    case .int32: values = .int32([])
    case .int64: values = .int64([])
    case .float: values = .float([])
    case .double: values = .double([])
    case .string: values = .string(StringArray())
    }
    return spec.isList ? FeatureColumn(lists: values, offsets: [0])! : FeatureColumn(values)
  }
}
