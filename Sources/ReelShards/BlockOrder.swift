import ReelPipeline

/// A reference to one block of a shard dataset.
struct BlockRef: Hashable, Sendable {
  var shard: Int
  var block: Int
  /// The pass reading it (seeds the in-block shuffle).
  var epoch = 0
}

/// A group of blocks read and shuffled together: one unit of work for a decompression worker.
struct BlockGroup: Sendable {
  var blocks: [BlockRef]
  /// The group's index within the pass (seeds the merge of its blocks).
  var index: Int
  var epoch: Int
}

/// The blocks of a dataset in reading order, in groups of `groupSize`: file order, or a seeded
/// permutation that is a pure function of `(seed, epoch)`; optionally only every `workers`-th
/// block for one worker.
struct BlockOrder: Dataset {
  typealias Element = BlockGroup
  let blocks: [BlockRef]
  let seed: UInt64?
  let worker: Int
  let workers: Int
  var groupSize = 1

  var blockCount: Int { blocks.count / workers + (worker < blocks.count % workers ? 1 : 0) }

  var cardinality: Cardinality { .finite((blockCount + groupSize - 1) / groupSize) }

  /// This worker's blocks for pass `epoch`.
  func order(epoch: Int) -> [BlockRef] {
    var order = blocks
    if let seed {
      var rng = SplitMix64(seed: SeedSequence.derive(seed, UInt64(bitPattern: Int64(epoch)), 0xB10C))
      for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
    }
    return stride(from: worker, to: order.count, by: workers).map {
      BlockRef(shard: order[$0].shard, block: order[$0].block, epoch: epoch)
    }
  }

  func groups(epoch: Int) -> [BlockGroup] {
    let order = order(epoch: epoch)
    return stride(from: 0, to: order.count, by: groupSize).enumerated().map { index, start in
      BlockGroup(blocks: Array(order[start..<min(order.count, start + groupSize)]), index: index, epoch: epoch)
    }
  }

  func makeIterator(epoch: Int) -> Iterator { Iterator(groups: groups(epoch: epoch), epoch: epoch, position: 0) }

  func makeIterator(restoring state: GeneratorDataset<BlockGroup>.State) throws -> Iterator {
    let groups = groups(epoch: state.epoch)
    guard (0...groups.count).contains(state.position) else {
      throw PipelineError.invalidState(stage: "shard blocks", "position \(state.position) of \(groups.count) block groups")
    }
    return Iterator(groups: groups, epoch: state.epoch, position: state.position)
  }

  struct Iterator: DatasetIterator {
    let groups: [BlockGroup]
    let epoch: Int
    var position: Int

    mutating func next() -> BlockGroup? {
      guard position < groups.count else { return nil }
      defer { position += 1 }
      return groups[position]
    }

    func checkpoint() -> GeneratorDataset<BlockGroup>.State { .init(epoch: epoch, position: position) }

    mutating func skip(_ count: Int) -> Int {
      let n = max(0, min(count, groups.count - position))
      position += n
      return n
    }
  }
}

/// A uniformly random permutation of `0..<count`, a pure function of the seed parts.
func seededPermutation(_ count: Int, _ seed: UInt64, _ parts: UInt64...) -> [Int] {
  var rng = SplitMix64(seed: parts.reduce(seed) { SeedSequence.derive($0, $1) })
  var permutation = Array(0..<count)
  for i in stride(from: count - 1, to: 0, by: -1) { permutation.swapAt(i, rng.next(below: i + 1)) }
  return permutation
}

/// Shuffles the rows of a window of blocks. Each block is first permuted on its own (it fits
/// in cache); the blocks are then merged by drawing, for each output row, a block with
/// probability proportional to its remaining rows. A uniform interleaving of uniformly shuffled
/// blocks is a uniform permutation of the window, and the merge reads each block sequentially.
/// The order is a pure function of `(seed, group.epoch, group.index)` and the block ids.
func shuffleWindow(_ blocks: [FeatureBatch], group: BlockGroup, seed: UInt64) throws -> FeatureBatch {
  let epoch = UInt64(bitPattern: Int64(group.epoch))
  let parts = zip(blocks, group.blocks).map { block, ref in
    block.gather(seededPermutation(block.rowCount, seed, epoch, UInt64(ref.shard), UInt64(ref.block)))
  }
  if parts.count == 1 { return parts[0] }
  var rng = SplitMix64(seed: SeedSequence.derive(seed, epoch, UInt64(group.index), 0x3E76E))
  var remaining = parts.map(\.rowCount)
  var next = [Int](repeating: 0, count: parts.count)
  for k in 1..<parts.count { next[k] = next[k - 1] + parts[k - 1].rowCount }
  var total = remaining.reduce(0, +)
  var order = [Int](repeating: 0, count: total)
  for row in 0..<order.count {
    var u = rng.next(below: total)
    var source = 0
    while u >= remaining[source] {
      u -= remaining[source]
      source += 1
    }
    order[row] = next[source]
    next[source] += 1
    remaining[source] -= 1
    total -= 1
  }
  return try FeatureBatch.concatenate(parts).gather(order)
}
