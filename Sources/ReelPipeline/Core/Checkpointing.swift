import Foundation

extension DatasetIterator {
  /// The iterator's position as compact JSON (typically tens to a few hundred bytes).
  ///
  ///     var it = ds.makeIterator(epoch: 3)
  ///     _ = try it.next()
  ///     let saved = try it.saveState()
  ///     // ...in another process, with the same pipeline:
  ///     var resumed = try ds.makeIterator(restoringFrom: saved)
  public func saveState() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(checkpoint())
  }
}

extension Dataset {
  /// Restores an iterator from JSON written by ``DatasetIterator/saveState()``.
  ///
  /// - Throws: ``PipelineError/invalidState(stage:_:)`` when the JSON does not describe a
  ///   position of this pipeline.
  public func makeIterator(restoringFrom data: Data) throws -> Iterator {
    let state: Iterator.State
    do {
      state = try JSONDecoder().decode(Iterator.State.self, from: data)
    } catch {
      throw PipelineError.invalidState(stage: "\(Self.self)", "cannot decode: \(error)")
    }
    return try makeIterator(restoring: state)
  }
}

/// The position of a stage that needs the upstream position where its pass started plus a
/// count of what it has already consumed and produced; the stage restores by replaying.
public struct ReplayState<Upstream: Codable>: Codable {
  /// Upstream position at the start of this stage's pass.
  public var start: Upstream
  /// Upstream elements consumed so far.
  public var consumed: Int
  /// Elements this stage has produced so far.
  public var produced: Int
  /// Whether the upstream reported its end.
  public var upstreamEnded: Bool

  @inlinable public init(start: Upstream, consumed: Int, produced: Int, upstreamEnded: Bool) {
    self.start = start
    self.consumed = consumed
    self.produced = produced
    self.upstreamEnded = upstreamEnded
  }
}

/// The position of a stage that hands elements over in chunks (prefetch, parallel map, unbatch):
/// the upstream position before the current chunk and how far into it the consumer is.
public struct ChunkState<Upstream: Codable>: Codable {
  /// Upstream position before the chunk the consumer is reading.
  public var upstream: Upstream
  /// Upstream elements of that chunk the consumer has already received.
  public var offset: Int
  /// Index (within the pass) of the chunk's first upstream element, for error messages.
  public var firstIndex: Int

  @inlinable public init(upstream: Upstream, offset: Int, firstIndex: Int) {
    self.upstream = upstream
    self.offset = offset
    self.firstIndex = firstIndex
  }
}

/// The position of a one-to-one or filtering stage: its upstream's position plus the index of
/// the next input element (kept so that errors name the right element after a restore).
public struct IndexedState<Upstream: Codable>: Codable {
  /// Upstream position.
  public var upstream: Upstream
  /// Index within the pass of the next upstream element.
  public var index: Int

  @inlinable public init(upstream: Upstream, index: Int) {
    self.upstream = upstream
    self.index = index
  }
}
