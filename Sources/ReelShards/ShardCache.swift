import Foundation
import ReelPipeline

extension Dataset where Element == FeatureBatch {
  /// Writes the batches of the first complete pass into a shard dataset at `directory` and
  /// serves every later pass (in this process or another) from it: tf.data's `cache(filename)`,
  /// without its stale-data trap.
  ///
  ///     let features = Datasets.textLines(files).map(parse).batch(size: 8192, columns: specs)
  ///       .cache(directory: "cache/features", key: "parse v2", sources: files)
  ///
  /// The cache records a fingerprint of the pipeline's structure (its stage types), `key`, and
  /// the paths, sizes and modification times of `sources`; when any of them changes, the next
  /// pass rebuilds the cache. Closures cannot be fingerprinted: change `key` when you change a
  /// function upstream. A pass that stops early or fails leaves no cache (the manifest is
  /// written only at the end). Two processes filling the same cache do not corrupt it: the
  /// first takes a lock file, the other reads the upstream directly; a lock left by a process
  /// that died is broken.
  ///
  /// As with tf.data, randomness upstream of the cache is frozen into it: shuffle after it.
  public func cache(
    directory: String, key: String = "", sources: [String] = [],
    options: ShardWriterOptions = ShardWriterOptions()
  ) -> ShardCache<Self> {
    ShardCache(base: self, directory: directory, key: key, sources: sources, options: options)
  }
}

/// A dataset cached in a shard directory. Build with ``Dataset/cache(directory:key:sources:options:)``.
public struct ShardCache<Base: Dataset>: Dataset where Base.Element == FeatureBatch {
  public typealias Element = FeatureBatch
  let base: Base
  public let directory: String
  let key: String
  let sources: [String]
  let options: ShardWriterOptions

  public var cardinality: Cardinality { base.cardinality }

  /// The fingerprint of the data this cache should hold: pipeline structure, key and sources.
  public var fingerprint: String {
    var parts = ["pipeline: \(String(reflecting: Base.self))", "key: \(key)"]
    for path in sources.sorted() {
      let attributes = try? FileManager.default.attributesOfItem(atPath: path)
      let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
      let modified = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? -1
      parts.append("source: \(path) \(size) bytes modified \(modified)")
    }
    return parts.joined(separator: "\n")
  }

  /// Whether a complete cache with the current fingerprint exists.
  public var isFilled: Bool { (try? validCache()) != nil }

  func validCache() throws -> ShardDataset? {
    guard let manifest = try? ShardDirectory.readManifest(directory), manifest.fingerprint == fingerprint else {
      return nil
    }
    return try ShardDataset(directory: directory)
  }

  public func makeIterator(epoch: Int) -> Iterator {
    if let cached = try? validCache() {
      return Iterator(mode: .serving(cached.makeIterator(epoch: epoch)))
    }
    let lock = CacheLock(path: directory + ".lock")
    guard (try? lock.tryAcquire()) == true else {
      return Iterator(mode: .passThrough(base.makeIterator(epoch: epoch)))  // another process fills it
    }
    var writerOptions = options
    writerOptions.overwrite = true
    writerOptions.fingerprint = fingerprint
    do {
      let writer = try ShardWriter(directory: directory, options: writerOptions)
      return Iterator(mode: .filling(base.makeIterator(epoch: epoch), CacheFill(writer: writer, lock: lock)))
    } catch {
      lock.release()
      return Iterator(mode: .failed(error))
    }
  }

  public func makeIterator(restoring state: State) throws -> Iterator {
    switch state {
    case .serving(let saved):
      guard let cached = try validCache() else {
        throw PipelineError.invalidState(stage: "cache(directory:)", "the cache at \(directory) is gone or stale")
      }
      return Iterator(mode: .serving(try cached.makeIterator(restoring: saved)))
    case .upstream(let saved):
      // A restored pass cannot complete a cache it did not start: read upstream only.
      return Iterator(mode: .passThrough(try base.makeIterator(restoring: saved)))
    }
  }

  /// Where a cached pass is: reading the shards, or reading the upstream.
  public enum State: Codable {
    case serving(ErasedState)
    case upstream(Base.Iterator.State)
  }

  /// The iterator of a ``ShardCache``.
  public struct Iterator: DatasetIterator {
    enum Mode {
      case serving(ShardDataset.Iterator)
      case filling(Base.Iterator, CacheFill)
      case passThrough(Base.Iterator)
      case failed(any Error)
      /// Transient, while `next()` mutates an iterator taken out of the enum (so that the
      /// iterator's buffers stay uniquely referenced and are not copied).
      case moved
    }

    var mode: Mode

    public mutating func next() throws -> FeatureBatch? {
      switch mode {
      case .serving(var iterator):
        mode = .moved
        defer { mode = .serving(iterator) }
        return try iterator.next()
      case .passThrough(var iterator):
        mode = .moved
        defer { mode = .passThrough(iterator) }
        return try iterator.next()
      case .filling(var iterator, let fill):
        mode = .moved
        defer { mode = .filling(iterator, fill) }
        do {
          guard let batch = try iterator.next() else {
            try fill.complete()
            return nil
          }
          try fill.writer.write(batch)
          return batch
        } catch {
          fill.abandon()
          throw error
        }
      case .failed(let error):
        throw error
      case .moved:
        return nil
      }
    }

    public func checkpoint() throws -> State {
      switch mode {
      case .serving(let iterator): return .serving(try iterator.checkpoint())
      case .passThrough(let iterator), .filling(let iterator, _): return .upstream(try iterator.checkpoint())
      case .failed(let error): throw error
      case .moved: throw PipelineError.invalidState(stage: "cache(directory:)", "iterator in use")
      }
    }
  }
}

/// The writing side of a cache pass: completes the shard dataset at the end of the pass, or
/// abandons it (no manifest) when the pass fails or its iterator is dropped early.
final class CacheFill {
  let writer: ShardWriter
  let lock: CacheLock
  private var done = false

  init(writer: ShardWriter, lock: CacheLock) {
    self.writer = writer
    self.lock = lock
  }

  func complete() throws {
    guard !done else { return }
    done = true
    defer { lock.release() }
    try writer.finish()
  }

  func abandon() {
    guard !done else { return }
    done = true
    writer.abort()
    lock.release()
  }

  deinit { abandon() }
}
