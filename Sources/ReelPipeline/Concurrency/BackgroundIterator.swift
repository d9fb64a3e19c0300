/// The consumer side of a background stage (`prefetch`, parallel `map`): reads the chunks a
/// ``ChunkEngine`` produces, one element at a time, without locking per element.
///
/// Its state is the upstream position before the chunk being read plus the offset into it,
/// so a restore re-reads at most one chunk.
public struct BackgroundIterator<Upstream: DatasetIterator, Output>: DatasetIterator {
  typealias Engine = ChunkEngine<Upstream, Output>
  let stageName: String
  let handle: EngineHandle<Upstream, Output>?
  let invalid: PipelineError?
  let initial: Result<Upstream.State, any Error>
  let initialIndex: Int
  var current: Engine.Chunk?
  var offset = 0
  var finished = false

  init(
    stageName: String, upstream: Upstream, firstIndex: Int, workers: Int, capacity: Int,
    chunkSize: Int, deterministic: Bool, invalid: PipelineError?,
    transform: @escaping Engine.Transform
  ) {
    self.stageName = stageName
    self.invalid = invalid
    self.initial = Result { try upstream.checkpoint() }
    self.initialIndex = firstIndex
    if invalid == nil {
      handle = EngineHandle(
        Engine(
          stageName: stageName, upstream: upstream, firstIndex: firstIndex, workers: workers,
          capacity: capacity, chunkSize: chunkSize, deterministic: deterministic,
          transform: transform))
    } else {
      handle = nil
    }
  }

  public mutating func next() throws -> Output? {
    if let invalid { throw invalid }
    while true {
      if let chunk = current {
        if offset < chunk.outputs.count {
          offset += 1
          return chunk.outputs[offset - 1]
        }
        if let error = chunk.error {
          finished = true
          current?.error = nil
          throw error
        }
        if chunk.isLast && handle?.engine.deterministic == true { finished = true }
      }
      if finished { return nil }
      guard let chunk = handle?.engine.take() else {
        finished = true
        return nil
      }
      current = chunk
      offset = 0
    }
  }

  public func checkpoint() throws -> ChunkState<Upstream.State> {
    guard handle?.engine.deterministic ?? true else {
      throw PipelineError.notCheckpointable(
        stage: stageName, reason: "deterministic: false delivers elements in completion order")
    }
    if let chunk = current {
      return ChunkState(
        upstream: try chunk.before.get(), offset: offset, firstIndex: chunk.firstIndex)
    }
    return ChunkState(upstream: try initial.get(), offset: 0, firstIndex: initialIndex)
  }
}
