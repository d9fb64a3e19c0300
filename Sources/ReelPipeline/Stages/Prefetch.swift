extension Dataset {
  /// Produces elements ahead of the consumer on a background Dispatch queue, keeping up to
  /// `bufferSize` of them ready (tf.data's `prefetch`). The order does not change.
  ///
  ///     let ds = Datasets.range(0..<1_000_000).map(decode).batch(size: 1024).prefetch(2)
  ///
  /// Elements move between threads in chunks (`bufferSize / 2` elements, at most 256), not one
  /// by one. Errors from upstream reach `next()` after the elements produced before them.
  /// Dropping the iterator stops the background work. A `bufferSize` below 1 is reported by the
  /// first `next()`.
  ///
  /// Saving a position records the upstream position of the chunk being read, so restoring
  /// recomputes at most one chunk.
  public func prefetch(_ bufferSize: Int) -> Prefetch<Self> {
    Prefetch(base: self, bufferSize: bufferSize)
  }
}

/// A dataset computed ahead on a background queue. Build with ``Dataset/prefetch(_:)``.
public struct Prefetch<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  public typealias Iterator = BackgroundIterator<Base.Iterator, Base.Element>
  let base: Base
  let bufferSize: Int

  public var cardinality: Cardinality { base.cardinality }

  public func makeIterator(epoch: Int) -> Iterator {
    start(base.makeIterator(epoch: epoch), firstIndex: 0)
  }

  public func makeIterator(restoring state: ChunkState<Base.Iterator.State>) throws -> Iterator {
    var upstream = try base.makeIterator(restoring: state.upstream)
    _ = try upstream.skip(state.offset)
    return start(upstream, firstIndex: state.firstIndex + state.offset)
  }

  func start(_ upstream: Base.Iterator, firstIndex: Int) -> Iterator {
    let chunkSize = max(1, min(256, bufferSize / 2))
    return Iterator(
      stageName: "prefetch", upstream: upstream, firstIndex: firstIndex, workers: 1,
      capacity: max(1, (bufferSize + chunkSize - 1) / chunkSize), chunkSize: chunkSize,
      deterministic: true,
      invalid: argumentError(
        bufferSize >= 1, "prefetch", "bufferSize must be at least 1, got \(bufferSize)"),
      transform: { inputs, _ in (inputs, nil) })
  }
}
