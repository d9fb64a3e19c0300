import ReelPipeline

/// A reference to one block of a shard dataset.
struct BlockRef: Hashable, Sendable {
  var shard: Int
  var block: Int
}

/// The blocks of a dataset in reading order: file order, or a seeded permutation that is a
/// pure function of `(seed, epoch)`; optionally only every `workers`-th block for one worker.
struct BlockOrder: Dataset {
  typealias Element = BlockRef
  let blocks: [BlockRef]
  let seed: UInt64?
  let worker: Int
  let workers: Int

  var cardinality: Cardinality {
    .finite(blocks.count / workers + (worker < blocks.count % workers ? 1 : 0))
  }

  /// This worker's blocks for pass `epoch`.
  func order(epoch: Int) -> [BlockRef] {
    var order = blocks
    if let seed {
      var rng = SplitMix64(seed: SeedSequence.derive(seed, UInt64(bitPattern: Int64(epoch)), 0xB10C))
      for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
    }
    return stride(from: worker, to: order.count, by: workers).map { order[$0] }
  }

  func makeIterator(epoch: Int) -> Iterator { Iterator(order: order(epoch: epoch), epoch: epoch, position: 0) }

  func makeIterator(restoring state: GeneratorDataset<BlockRef>.State) throws -> Iterator {
    let order = order(epoch: state.epoch)
    guard (0...order.count).contains(state.position) else {
      throw PipelineError.invalidState(stage: "shard blocks", "position \(state.position) of \(order.count) blocks")
    }
    return Iterator(order: order, epoch: state.epoch, position: state.position)
  }

  struct Iterator: DatasetIterator {
    let order: [BlockRef]
    let epoch: Int
    var position: Int

    mutating func next() -> BlockRef? {
      guard position < order.count else { return nil }
      defer { position += 1 }
      return order[position]
    }

    func checkpoint() -> GeneratorDataset<BlockRef>.State { .init(epoch: epoch, position: position) }

    mutating func skip(_ count: Int) -> Int {
      let n = max(0, min(count, order.count - position))
      position += n
      return n
    }
  }
}

/// Shuffles rows within windows of `windowSize` consecutive decoded blocks: each output is one
/// window's rows in a random order that is a pure function of `(seed, epoch, window index)`.
struct WindowShuffle<Base: Dataset>: Dataset where Base.Element == FeatureBatch {
  typealias Element = FeatureBatch
  let base: Base
  let windowSize: Int
  let seed: UInt64

  var cardinality: Cardinality { base.cardinality.mapFinite { ($0 + windowSize - 1) / windowSize } }

  func makeIterator(epoch: Int) -> Iterator {
    Iterator(dataset: self, base: base.makeIterator(epoch: epoch), epoch: epoch, window: 0)
  }

  func makeIterator(restoring state: State) throws -> Iterator {
    Iterator(dataset: self, base: try base.makeIterator(restoring: state.upstream), epoch: state.epoch, window: state.window)
  }

  struct State: Codable {
    var upstream: Base.Iterator.State
    var epoch: Int
    var window: Int
  }

  struct Iterator: DatasetIterator {
    let dataset: WindowShuffle
    var base: Base.Iterator
    let epoch: Int
    var window: Int

    mutating func next() throws -> FeatureBatch? {
      var parts: [FeatureBatch] = []
      while parts.count < dataset.windowSize, let block = try base.next() { parts.append(block) }
      guard !parts.isEmpty else { return nil }
      let rows = parts.count == 1 ? parts[0] : try FeatureBatch.concatenate(parts)
      var permutation = Array(0..<rows.rowCount)
      var rng = SplitMix64(seed: SeedSequence.derive(dataset.seed, UInt64(bitPattern: Int64(epoch)), UInt64(window)))
      for i in stride(from: permutation.count - 1, to: 0, by: -1) { permutation.swapAt(i, rng.next(below: i + 1)) }
      window += 1
      return rows.gather(permutation)
    }

    func checkpoint() throws -> State { State(upstream: try base.checkpoint(), epoch: epoch, window: window) }
  }
}
