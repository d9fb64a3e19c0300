import Dispatch
import Foundation
import ReelPipeline

/// Options of ``ShardWriter``.
public struct ShardWriterOptions: Sendable {
  /// Start a new shard file once the current one reaches this many bytes (default 64 MiB).
  public var targetShardBytes = 64 << 20
  /// Cut a block once it holds this many uncompressed bytes (default 4 MiB; a ratings table
  /// gives about 200,000 rows per block).
  public var targetBlockBytes = 4 << 20
  /// Upper bound on rows per block (default 1,048,576).
  public var maxBlockRows = 1 << 20
  /// zstd compression level (default 3).
  public var zstdLevel: Int32 = 3
  /// Replace an existing dataset in the directory (default: refuse).
  public var overwrite = false
  /// Blocks compressed at once, one per core (default: the number of cores).
  public var compressionThreads = ProcessInfo.processInfo.activeProcessorCount
  /// What produced the data, recorded in the manifest (see `cache(directory:)`).
  public var fingerprint = ""
  /// JSON attached to the manifest (for example adapted vocabularies).
  public var metadata: [String: JSONValue] = [:]

  public init() {}
}

/// Writes ``FeatureBatch``es into a shard dataset directory (Docs/ShardFormat.md): blocks are
/// compressed on all cores, shards are written under temporary names, fsynced and renamed, and
/// `manifest.json` is written last, the same way. Until ``finish()`` returns, the directory
/// holds either the previous complete dataset or none.
///
///     let writer = try ShardWriter(directory: "cache/ratings")
///     for try await batch in batches.async() { try writer.write(batch) }
///     let manifest = try writer.finish()
public final class ShardWriter {
  public let directory: String
  public let options: ShardWriterOptions
  private let generation = String(format: "%016llx", UInt64.random(in: 0...UInt64.max))
  private let previous: ShardManifest?
  private var schema: [FeatureSpec]?
  private var pending: [FeatureBatch] = []
  private var pendingRows = 0
  private var pendingBytes = 0
  private var blocksToCompress: [FeatureBatch] = []
  private var current: ShardFileWriter?
  private var shards: [ShardManifest.Shard] = []
  private var finished = false

  /// Prepares to write into `directory` (created if needed).
  ///
  /// - Throws: ``ShardError/alreadyExists(path:)`` when a dataset is there and
  ///   `options.overwrite` is false; I/O errors naming the path.
  public init(directory: String, schema: [FeatureSpec]? = nil, options: ShardWriterOptions = ShardWriterOptions()) throws {
    self.directory = directory
    self.options = options
    self.schema = schema
    do {
      try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    } catch {
      throw ShardError.io(path: directory, operation: "create directory", reason: "\(error)")
    }
    let manifestPath = (directory as NSString).appendingPathComponent(ShardFormat.manifestName)
    if FileManager.default.fileExists(atPath: manifestPath) {
      guard options.overwrite else { throw ShardError.alreadyExists(path: directory) }
      previous = try? ShardDirectory.readManifest(directory)
    } else {
      previous = nil
    }
  }

  deinit { if !finished { abort() } }

  /// Appends the rows of `batch`. The first batch fixes the schema unless one was given.
  public func write(_ batch: FeatureBatch) throws {
    precondition(!finished, "write after finish")
    if let schema {
      guard batch.schema == schema else {
        throw ShardError.invalidInput("batch schema \(batch.schema) differs from \(schema)")
      }
    } else {
      schema = batch.schema
    }
    guard batch.rowCount > 0 else { return }
    pending.append(batch)
    pendingRows += batch.rowCount
    pendingBytes += Self.estimatedBytes(batch)
    while pendingBytes >= options.targetBlockBytes || pendingRows >= options.maxBlockRows {
      try cutBlock()
    }
  }

  /// Flushes everything, writes the manifest and returns it. The dataset is complete and
  /// visible to readers only after this returns.
  ///
  /// - Parameter metadata: entries added to (or replacing those of) `options.metadata`, for
  ///   state computed while writing, such as vocabularies adapted over the rows written.
  @discardableResult
  public func finish(metadata: [String: JSONValue] = [:]) throws -> ShardManifest {
    precondition(!finished, "finish called twice")
    while pendingRows > 0 { try cutBlock() }
    try compressAndWrite()
    if let current {
      shards.append(try current.finish(schema: schema ?? []))
      self.current = nil
    }
    let manifest = ShardManifest(
      schema: schema ?? [], rows: shards.reduce(0) { $0 + $1.rows },
      bytes: shards.reduce(0) { $0 + $1.bytes }, zstdLevel: Int(options.zstdLevel),
      fingerprint: options.fingerprint, created: ISO8601DateFormatter().string(from: Date()),
      shards: shards, metadata: options.metadata.merging(metadata) { _, new in new })
    try ShardDirectory.writeManifest(manifest, to: directory)
    finished = true
    if let previous {
      let kept = Set(shards.map(\.file))
      for shard in previous.shards where !kept.contains(shard.file) {
        unlink((directory as NSString).appendingPathComponent(shard.file))
      }
    }
    return manifest
  }

  /// Abandons the write: removes this writer's files; the previous dataset, if any, is untouched.
  public func abort() {
    current?.discard()
    current = nil
    for shard in shards { unlink((directory as NSString).appendingPathComponent(shard.file)) }
    shards = []
    finished = true
  }

  // MARK: - Blocks

  /// Moves up to one block's worth of pending rows into the compression queue.
  private func cutBlock() throws {
    let all = pending.count == 1 ? pending[0] : try FeatureBatch.concatenate(pending)
    let bytesPerRow = max(1, pendingBytes / max(1, pendingRows))
    let rows = min(all.rowCount, options.maxBlockRows, max(1, options.targetBlockBytes / bytesPerRow))
    blocksToCompress.append(rows == all.rowCount ? all : all.slice(0..<rows))
    if rows < all.rowCount {
      let rest = all.slice(rows..<all.rowCount)
      pending = [rest]
      pendingRows = rest.rowCount
      pendingBytes = Self.estimatedBytes(rest)
    } else {
      pending = []
      pendingRows = 0
      pendingBytes = 0
    }
    if blocksToCompress.count >= max(1, options.compressionThreads) { try compressAndWrite() }
  }

  /// Encodes and compresses the queued blocks in parallel, then writes them in order.
  private func compressAndWrite() throws {
    let blocks = blocksToCompress
    blocksToCompress = []
    guard !blocks.isEmpty else { return }
    var results = [Result<(compressed: [UInt8], uncompressed: Int), any Error>?](repeating: nil, count: blocks.count)
    let level = options.zstdLevel
    results.withUnsafeMutableBufferPointer { slots in
      let output = slots
      DispatchQueue.concurrentPerform(iterations: blocks.count) { i in
        output[i] = Result {
          let payload = BlockCodec.encode(blocks[i])
          return (try Zstd.compress(payload, level: level), payload.count)
        }
      }
    }
    for (block, result) in zip(blocks, results) {
      let (compressed, uncompressed) = try result!.get()
      if current == nil {
        let name = String(format: "part-%@-%05d.%@", generation, shards.count, ShardFormat.shardExtension)
        current = try ShardFileWriter(path: (directory as NSString).appendingPathComponent(name))
      }
      try current!.append(compressed: compressed, rows: block.rowCount, uncompressed: uncompressed)
      if current!.bytesWritten >= options.targetShardBytes {
        shards.append(try current!.finish(schema: schema ?? []))
        current = nil
      }
    }
  }

  /// Approximate uncompressed size of a batch's payload.
  static func estimatedBytes(_ batch: FeatureBatch) -> Int {
    batch.columns.reduce(0) { total, column in
      let lists = column.listOffsets.map { 4 * ($0.count - 1) } ?? 0
      switch column.values {
      case .int32(let v): return total + lists + 4 * v.count
      case .int64(let v): return total + lists + 8 * v.count
      case .float(let v): return total + lists + 4 * v.count
      case .double(let v): return total + lists + 8 * v.count
      case .string(let s): return total + lists + 4 * s.count + s.bytes.count
      }
    }
  }
}

extension Dataset where Element == FeatureBatch {
  /// Runs a pass and writes every batch into a shard dataset at `directory`.
  ///
  ///     try ratings.batch(size: 8192, columns: specs).writeShards(to: "cache/ratings")
  ///
  /// - Returns: the manifest written.
  @discardableResult
  public func writeShards(to directory: String, epoch: Int = 0, options: ShardWriterOptions = ShardWriterOptions()) throws -> ShardManifest {
    let writer = try ShardWriter(directory: directory, options: options)
    do {
      var iterator = makeIterator(epoch: epoch)
      while let batch = try iterator.next() { try writer.write(batch) }
      return try writer.finish()
    } catch {
      writer.abort()
      throw error
    }
  }
}
