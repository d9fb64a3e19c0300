extension Datasets {
  /// Draws each element from a source chosen at random with probability proportional to
  /// `weights` (tf.data's `sample_from_datasets`). By default an exhausted source is dropped and
  /// the others' weights renormalised; with `stopOnEmptyDataset` the pass ends at the first
  /// exhausted draw.
  ///
  ///     let mixed = Datasets.sample(
  ///       from: [positives.eraseToAnyDataset(), negatives.eraseToAnyDataset()],
  ///       weights: [0.25, 0.75], seed: 1)
  ///
  /// The draws are a pure function of `(seed, epoch)` (the same every epoch unless
  /// `rerandomizeEachIteration`). Weights must be finite, non-negative, one per source, with a
  /// positive sum; otherwise the first `next()` throws.
  public static func sample<Element>(
    from sources: [AnyDataset<Element>], weights: [Double]? = nil, seed: UInt64,
    stopOnEmptyDataset: Bool = false, rerandomizeEachIteration: Bool = true
  ) -> SampleDataset<Element> {
    SampleDataset(
      sources: sources, weights: weights ?? Array(repeating: 1, count: sources.count), seed: seed,
      stopOnEmpty: stopOnEmptyDataset, rerandomize: rerandomizeEachIteration)
  }
}

/// A random mixture of datasets. Build with ``Datasets/sample(from:weights:seed:stopOnEmptyDataset:rerandomizeEachIteration:)``.
public struct SampleDataset<Element>: Dataset {
  let sources: [AnyDataset<Element>]
  let weights: [Double]
  let seed: UInt64
  let stopOnEmpty: Bool
  let rerandomize: Bool

  public var cardinality: Cardinality {
    if sources.isEmpty { return .finite(0) }
    let cards = sources.map(\.cardinality)
    if cards.allSatisfy({ $0 == .infinite }) { return .infinite }
    return .unknown
  }

  var invalid: PipelineError? {
    argumentError(
      weights.count == sources.count, "sample",
      "\(weights.count) weights for \(sources.count) sources")
      ?? argumentError(
        weights.allSatisfy { $0.isFinite && $0 >= 0 }
          && (sources.isEmpty || weights.reduce(0, +) > 0),
        "sample", "weights must be finite, non-negative and not all zero: \(weights)")
  }

  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(
      dataset: self,
      rng: SplitMix64(seed: SeedSequence.epochSeed(seed, epoch: epoch, reshuffle: rerandomize)),
      iterators: sources.map { $0.makeIterator(epoch: epoch) })
  }

  public func makeIterator(restoring state: State) throws -> Iterator {
    guard state.sources.count == sources.count else {
      throw PipelineError.invalidState(
        stage: "sample", "\(state.sources.count) sources, expected \(sources.count)")
    }
    var iterator = Iterator(
      dataset: self, rng: state.rng,
      iterators: try Swift.zip(sources, state.sources).map { source, saved in
        try saved.map { try source.makeIterator(restoring: $0) }
      })
    iterator.finished = state.finished
    return iterator
  }

  /// The saved position: the generator state and each source's position (nil when exhausted).
  public struct State: Codable {
    public var rng: SplitMix64
    public var sources: [ErasedState?]
    public var finished: Bool
  }

  /// The iterator of a ``SampleDataset``.
  public struct Iterator: DatasetIterator {
    let dataset: SampleDataset
    var rng: SplitMix64
    var iterators: [AnyDatasetIterator<Element>?]
    var finished = false

    init(dataset: SampleDataset, rng: SplitMix64, iterators: [AnyDatasetIterator<Element>?]) {
      self.dataset = dataset
      self.rng = rng
      self.iterators = iterators
    }

    public mutating func next() throws -> Element? {
      if let invalid = dataset.invalid { throw invalid }
      while !finished {
        let live = iterators.indices.filter { iterators[$0] != nil && dataset.weights[$0] > 0 }
        guard !live.isEmpty else {
          finished = true
          break
        }
        let total = live.reduce(0) { $0 + dataset.weights[$1] }
        var u = rng.nextUnit() * total
        var chosen = live[live.count - 1]
        for i in live {
          u -= dataset.weights[i]
          if u < 0 {
            chosen = i
            break
          }
        }
        if let value = try iterators[chosen]!.next() { return value }
        iterators[chosen] = nil
        if dataset.stopOnEmpty { finished = true }
      }
      return nil
    }

    public func checkpoint() throws -> State {
      State(rng: rng, sources: try iterators.map { try $0?.checkpoint() }, finished: finished)
    }
  }
}
