extension Dataset {
  /// Applies `transform` on `parallelism` background workers (tf.data's `map` with
  /// `num_parallel_calls`). With `deterministic` (the default) the output order is the input
  /// order; with `deterministic: false` chunks are delivered as they finish, so a slow element
  /// does not hold back the others.
  ///
  ///     let features = lines.map(parallelism: 2) { try parseRow($0) }
  ///
  /// Workers take `chunkSize` consecutive elements at a time. `transform` runs concurrently
  /// with itself, so it must be thread-safe. The first error stops the pass and reaches
  /// `next()` after the elements before it. Dropping the iterator stops the workers.
  /// A `parallelism` or `chunkSize` below 1 is reported by the first `next()`.
  ///
  /// A deterministic parallel map saves its position like `prefetch`; a non-deterministic one
  /// cannot (tf.data has the same restriction for reordering stages).
  public func map<T>(
    parallelism: Int, deterministic: Bool = true, chunkSize: Int = 64,
    _ transform: @escaping (Element) throws -> T
  ) -> ParallelMap<Self, T> {
    ParallelMap(
      base: self, parallelism: parallelism, deterministic: deterministic, chunkSize: chunkSize,
      transform: transform)
  }
}

/// A dataset transformed by background workers. Build with ``Dataset/map(parallelism:deterministic:chunkSize:_:)``.
public struct ParallelMap<Base: Dataset, Element>: Dataset {
  public typealias Iterator = BackgroundIterator<Base.Iterator, Element>
  let base: Base
  let parallelism: Int
  let deterministic: Bool
  let chunkSize: Int
  let transform: (Base.Element) throws -> Element

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
    let transform = self.transform
    let invalid =
      argumentError(parallelism >= 1, "map", "parallelism must be at least 1, got \(parallelism)")
      ?? argumentError(chunkSize >= 1, "map", "chunkSize must be at least 1, got \(chunkSize)")
    return Iterator(
      stageName: "map", upstream: upstream, firstIndex: firstIndex, workers: parallelism,
      capacity: 2 * max(1, parallelism), chunkSize: chunkSize, deterministic: deterministic,
      invalid: invalid,
      transform: { inputs, firstIndex in
        var outputs: [Element] = []
        outputs.reserveCapacity(inputs.count)
        for (k, input) in inputs.enumerated() {
          do {
            outputs.append(try transform(input))
          } catch {
            return (outputs, PipelineError.located(error, stage: "map", index: firstIndex + k))
          }
        }
        return (outputs, nil)
      })
  }
}
