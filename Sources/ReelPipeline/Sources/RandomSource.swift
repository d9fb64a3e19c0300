extension Datasets {
  /// An endless stream of random 64-bit integers (tf.data's `Dataset.random`). Element `i` of a
  /// pass is a pure function of `(seed, epoch, i)`, so skipping and restoring are O(1). With
  /// `rerandomizeEachIteration` false every epoch yields the same stream.
  ///
  ///     Datasets.random(seed: 7).map { $0 % 6 }.take(3)   // three die rolls, the same every run
  public static func random(seed: UInt64, rerandomizeEachIteration: Bool = true) -> RandomDataset {
    RandomDataset(seed: seed, rerandomize: rerandomizeEachIteration)
  }
}

/// Seeded random integers. Build with ``Datasets/random(seed:rerandomizeEachIteration:)``.
public struct RandomDataset: Dataset {
  public typealias Element = Int64
  let seed: UInt64
  let rerandomize: Bool

  public var cardinality: Cardinality { .infinite }

  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(
      epoch: epoch, stream: SeedSequence.epochSeed(seed, epoch: epoch, reshuffle: rerandomize),
      position: 0)
  }

  public func makeIterator(restoring state: GeneratorDataset<Int64>.State) throws -> Iterator {
    guard state.position >= 0 else {
      throw PipelineError.invalidState(stage: "random", "negative position")
    }
    return Iterator(
      epoch: state.epoch,
      stream: SeedSequence.epochSeed(seed, epoch: state.epoch, reshuffle: rerandomize),
      position: state.position)
  }

  /// The iterator of a ``RandomDataset``; its state is the epoch and the element index.
  public struct Iterator: DatasetIterator {
    let epoch: Int
    let stream: UInt64
    var position: Int

    public mutating func next() -> Int64? {
      defer { position += 1 }
      var rng = SplitMix64(seed: stream ^ UInt64(position) &* 0x9E37_79B9_7F4A_7C15)
      return Int64(bitPattern: rng.next())
    }

    public func checkpoint() -> GeneratorDataset<Int64>.State {
      GeneratorDataset<Int64>.State(epoch: epoch, position: position)
    }

    public mutating func skip(_ count: Int) -> Int {
      position += max(0, count)
      return max(0, count)
    }
  }
}
