import DequeModule
import Dispatch
import Foundation

/// The background machinery shared by `prefetch` and parallel `map`: worker tasks on Dispatch
/// queues pull chunks of elements from the upstream iterator (one worker at a time), transform
/// them, and hand whole chunks to the consumer. Hand-offs move chunks, never single elements.
///
/// - Back-pressure: workers stop when `capacity` chunks are ready or in flight and are relaunched
///   by the consumer as it drains; no thread blocks on a full buffer.
/// - Order: with `deterministic`, chunks are delivered in the order they were pulled;
///   otherwise in the order they finish.
/// - Errors: an upstream or transform error is delivered after the chunk's earlier outputs and
///   ends the pass.
/// - Shutdown: ``cancel()`` (called when the consumer drops its iterator) makes every worker
///   exit at its next chunk boundary; the engine and the upstream it owns are then released.
final class ChunkEngine<Upstream: DatasetIterator, Output>: @unchecked Sendable {
  typealias Transform = (_ inputs: [Upstream.Element], _ firstIndex: Int) -> (
    [Output], (any Error)?
  )

  /// A unit of hand-off.
  struct Chunk {
    var outputs: [Output]
    /// Upstream position before the chunk's first input.
    var before: Result<Upstream.State, any Error>
    var firstIndex: Int
    var error: (any Error)?
    /// The upstream ended (or failed) with this chunk.
    var isLast: Bool
    var sequence: Int
  }

  let stageName: String
  let workers: Int
  let capacity: Int
  let chunkSize: Int
  let deterministic: Bool
  let transform: Transform
  let queues: [DispatchQueue]

  // Guarded by `condition`.
  let condition = NSCondition()
  var readyInOrder: [Int: Chunk] = [:]
  var readyAnyOrder: Deque<Chunk> = []
  var inFlight = 0
  var activeWorkers = 0
  var stopped = false
  var cancelled = false
  var nextToDeliver = 0
  /// Indices of `queues` with no worker on them (each worker gets a queue of its own, so two
  /// workers never serialise behind each other on one serial queue).
  var idleQueues: [Int]

  // Guarded by `upstreamLock`.
  let upstreamLock = NSLock()
  var upstream: Upstream
  var nextSequence = 0
  var nextIndex: Int
  var upstreamDone = false

  init(
    stageName: String, upstream: Upstream, firstIndex: Int, workers: Int, capacity: Int,
    chunkSize: Int, deterministic: Bool, transform: @escaping Transform
  ) {
    self.stageName = stageName
    self.upstream = upstream
    self.nextIndex = firstIndex
    self.workers = max(1, workers)
    self.capacity = max(1, capacity)
    self.chunkSize = max(1, chunkSize)
    self.deterministic = deterministic
    self.transform = transform
    self.queues = (0..<max(1, workers)).map { DispatchQueue(label: "reel.\(stageName).\($0)") }
    self.idleQueues = Array(queues.indices.reversed())
    PipelineDiagnostics.stages.add(1)
  }

  deinit { PipelineDiagnostics.stages.add(-1) }

  /// Stops all workers at their next chunk boundary.
  func cancel() {
    condition.lock()
    cancelled = true
    condition.broadcast()
    condition.unlock()
  }

  /// The next chunk for the consumer, blocking until one is ready; nil at the end of the pass.
  func take() -> Chunk? {
    condition.lock()
    defer { condition.unlock() }
    while true {
      if deterministic {
        if let chunk = readyInOrder.removeValue(forKey: nextToDeliver) {
          nextToDeliver += 1
          launchWorkersIfNeeded()
          return chunk
        }
      } else if let chunk = readyAnyOrder.popFirst() {
        launchWorkersIfNeeded()
        return chunk
      } else if stopped && inFlight == 0 {
        return nil
      }
      launchWorkersIfNeeded()
      condition.wait()
    }
  }

  /// Must hold `condition`.
  private func launchWorkersIfNeeded() {
    while activeWorkers < workers, !stopped, !cancelled,
      readyInOrder.count + readyAnyOrder.count + inFlight < capacity,
      let queueIndex = idleQueues.popLast()
    {
      activeWorkers += 1
      PipelineDiagnostics.workers.add(1)
      queues[queueIndex].async { [self] in
        work(queueIndex: queueIndex)
        PipelineDiagnostics.workers.add(-1)
      }
    }
  }

  /// A worker: pulls, transforms and stores chunks until there is no room or no more input.
  private func work(queueIndex: Int) {
    while true {
      condition.lock()
      if cancelled || stopped || readyInOrder.count + readyAnyOrder.count + inFlight >= capacity {
        activeWorkers -= 1
        idleQueues.append(queueIndex)
        condition.broadcast()
        condition.unlock()
        return
      }
      inFlight += 1
      condition.unlock()

      let chunk = pull()

      condition.lock()
      inFlight -= 1
      if let chunk {
        if chunk.isLast || chunk.error != nil { stopped = true }
        if deterministic {
          readyInOrder[chunk.sequence] = chunk
        } else if !chunk.outputs.isEmpty || chunk.error != nil {
          readyAnyOrder.append(chunk)
        }
      }
      condition.broadcast()
      condition.unlock()
    }
  }

  /// Pulls the next chunk of inputs (serialised) and transforms them (in parallel with other
  /// workers). Returns nil when another worker already reached the end.
  private func pull() -> Chunk? {
    upstreamLock.lock()
    if upstreamDone {
      upstreamLock.unlock()
      return nil
    }
    let sequence = nextSequence
    nextSequence += 1
    let before = Result { try upstream.checkpoint() }
    var inputs: [Upstream.Element] = []
    inputs.reserveCapacity(chunkSize)
    var error: (any Error)?
    var isLast = false
    while inputs.count < chunkSize {
      do {
        guard let value = try upstream.next() else {
          isLast = true
          break
        }
        inputs.append(value)
      } catch let thrown {
        error = thrown
        isLast = true
        break
      }
    }
    if isLast { upstreamDone = true }
    let firstIndex = nextIndex
    nextIndex += inputs.count
    upstreamLock.unlock()

    let (outputs, transformError) = transform(inputs, firstIndex)
    return Chunk(
      outputs: outputs, before: before, firstIndex: firstIndex,
      error: transformError ?? error, isLast: isLast || transformError != nil, sequence: sequence)
  }
}

/// The consumer's side of a ``ChunkEngine``: cancels the engine when the last copy of the
/// iterator that owns it goes away.
final class EngineHandle<Upstream: DatasetIterator, Output> {
  let engine: ChunkEngine<Upstream, Output>
  init(_ engine: ChunkEngine<Upstream, Output>) { self.engine = engine }
  deinit { engine.cancel() }
}
