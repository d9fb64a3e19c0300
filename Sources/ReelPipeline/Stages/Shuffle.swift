extension Dataset {
  /// Shuffles with a buffer of `bufferSize` elements, exactly as tf.data's `shuffle` does: the
  /// buffer is first filled with the first `bufferSize` elements; then each output is a uniformly
  /// chosen buffer slot, which is refilled with the next upstream element. At the end of the input
  /// the buffer drains in random order. A perfect shuffle needs `bufferSize >=` the element count.
  ///
  ///     Datasets.range(0..<5).shuffle(bufferSize: 5, seed: 7)   // a permutation of 0..<5
  ///
  /// The order of a pass is a pure function of `(seed, epoch)`; with `reshuffleEachIteration`
  /// false every epoch has the order of epoch 0. The seed is required: Reel has no hidden
  /// randomness.
  ///
  /// Saving a position stores a few integers, not the buffer: restoring re-reads the upstream
  /// from the start of the pass and replays the random choices (O(elements consumed) upstream
  /// reads, skipping elements no longer in the buffer, which is O(1) each for sources and `map`).
  ///
  /// - Complexity: O(1) per element, O(`bufferSize`) memory.
  @inlinable
  public func shuffle(bufferSize: Int, seed: UInt64, reshuffleEachIteration: Bool = true)
    -> Shuffle<Self>
  {
    Shuffle(base: self, bufferSize: bufferSize, seed: seed, reshuffle: reshuffleEachIteration)
  }
}

/// A buffered shuffle. Build with ``Dataset/shuffle(bufferSize:seed:reshuffleEachIteration:)``.
public struct Shuffle<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let bufferSize: Int
  @usableFromInline let seed: UInt64
  @usableFromInline let reshuffle: Bool

  @inlinable init(base: Base, bufferSize: Int, seed: UInt64, reshuffle: Bool) {
    self.base = base
    self.bufferSize = bufferSize
    self.seed = seed
    self.reshuffle = reshuffle
  }

  @inlinable public var cardinality: Cardinality { base.cardinality }

  @inlinable
  func rng(epoch: Int) -> SplitMix64 {
    SplitMix64(seed: SeedSequence.epochSeed(seed, epoch: epoch, reshuffle: reshuffle))
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    let upstream = base.makeIterator(epoch: epoch)
    return Iterator(
      base: upstream, start: Result { try upstream.checkpoint() }, bufferSize: bufferSize,
      rng: rng(epoch: epoch), epoch: epoch)
  }

  public func makeIterator(restoring state: ShuffleState<Base.Iterator.State>) throws -> Iterator {
    var upstream = try base.makeIterator(restoring: state.start)
    var iterator = Iterator(
      base: upstream, start: .success(state.start), bufferSize: bufferSize,
      rng: rng(epoch: state.epoch), epoch: state.epoch)
    guard state.produced > 0 else { return iterator }
    guard bufferSize > 0, state.consumed >= 0, state.produced <= state.consumed + bufferSize else {
      throw PipelineError.invalidState(stage: "shuffle", "inconsistent counts in \(state)")
    }
    // Replay the random choices on upstream indices to learn which elements are in the buffer.
    var slots = Array(0..<min(bufferSize, state.consumed))
    var nextIndex = slots.count
    for _ in 0..<state.produced {
      guard !slots.isEmpty else {
        throw PipelineError.invalidState(stage: "shuffle", "more outputs than inputs in \(state)")
      }
      let j = iterator.rng.next(below: slots.count)
      if nextIndex < state.consumed {
        slots[j] = nextIndex
        nextIndex += 1
      } else {
        slots[j] = slots[slots.count - 1]
        slots.removeLast()
      }
    }
    // Read those elements back, skipping the others.
    var buffer = [Element?](repeating: nil, count: slots.count)
    var cursor = 0
    for (slot, index) in slots.enumerated().sorted(by: { $0.element < $1.element }) {
      _ = try upstream.skip(index - cursor)
      guard let value = try upstream.next() else {
        throw PipelineError.invalidState(stage: "shuffle", "upstream ended before element \(index)")
      }
      buffer[slot] = value
      cursor = index + 1
    }
    _ = try upstream.skip(state.consumed - cursor)
    iterator.base = upstream
    iterator.buffer = buffer.map { $0! }
    iterator.consumed = state.consumed
    iterator.produced = state.produced
    iterator.filled = true
    iterator.ended = state.upstreamEnded
    return iterator
  }

  /// The iterator of a ``Shuffle``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let start: Result<Base.Iterator.State, any Error>
    @usableFromInline let bufferSize: Int
    @usableFromInline var rng: SplitMix64
    @usableFromInline let epoch: Int
    @usableFromInline var buffer: [Element] = []
    @usableFromInline var consumed = 0
    @usableFromInline var produced = 0
    @usableFromInline var filled = false
    @usableFromInline var ended = false

    @inlinable
    init(
      base: Base.Iterator, start: Result<Base.Iterator.State, any Error>, bufferSize: Int,
      rng: SplitMix64, epoch: Int
    ) {
      self.base = base
      self.start = start
      self.bufferSize = bufferSize
      self.rng = rng
      self.epoch = epoch
    }

    @inlinable
    public mutating func next() throws -> Element? {
      if !filled { try fill() }
      guard !buffer.isEmpty else { return nil }
      let j = rng.next(below: buffer.count)
      let value = buffer[j]
      if !ended, let replacement = try base.next() {
        buffer[j] = replacement
        consumed += 1
      } else {
        ended = true
        buffer[j] = buffer[buffer.count - 1]
        buffer.removeLast()
      }
      produced += 1
      return value
    }

    @inlinable
    mutating func fill() throws {
      guard bufferSize > 0 else {
        throw PipelineError.invalidArgument(
          stage: "shuffle", "bufferSize must be at least 1, got \(bufferSize)")
      }
      buffer.reserveCapacity(bufferSize)
      while buffer.count < bufferSize {
        guard let value = try base.next() else {
          ended = true
          break
        }
        buffer.append(value)
        consumed += 1
      }
      filled = true
    }

    @inlinable
    public func checkpoint() throws -> ShuffleState<Base.Iterator.State> {
      ShuffleState(
        epoch: epoch, start: try start.get(), consumed: consumed, produced: produced,
        upstreamEnded: ended)
    }
  }
}

/// The saved position of a shuffle: where its pass started upstream and how far it got.
public struct ShuffleState<Upstream: Codable>: Codable {
  public var epoch: Int
  public var start: Upstream
  public var consumed: Int
  public var produced: Int
  public var upstreamEnded: Bool

  @inlinable
  public init(epoch: Int, start: Upstream, consumed: Int, produced: Int, upstreamEnded: Bool) {
    self.epoch = epoch
    self.start = start
    self.consumed = consumed
    self.produced = produced
    self.upstreamEnded = upstreamEnded
  }
}
