extension Dataset {
  /// Maps each element to a dataset and interleaves their elements (tf.data's `interleave`):
  /// `cycleLength` inner datasets are open at once, and `blockLength` consecutive elements are
  /// taken from each in turn. When an inner dataset ends, its slot is refilled from the next
  /// input element the next time the cycle reaches it.
  ///
  ///     // Read 4 files at once, one line from each in turn:
  ///     Datasets.files(in: "data", matching: "*.csv")
  ///       .interleave(cycleLength: 4) { Datasets.textLines([$0]) }
  ///
  ///     Datasets.range(1..<4).interleave(cycleLength: 2, blockLength: 2) { x in
  ///       Datasets.from(Array(repeating: x, count: x)) }   // 1, 2, 2, 3, 3, 3
  ///
  /// With `parallel`, each open inner dataset is read ahead by its own background producer
  /// (`parallelBufferSize` elements), as tf.data's `num_parallel_calls` does; the output order
  /// is the same. `cycleLength` and `blockLength` below 1 are reported by the first `next()`.
  ///
  /// The saved position holds, per open slot, the input position that created it and the
  /// inner position, so restoring re-creates only the open inner datasets.
  public func interleave<Inner: Dataset>(
    cycleLength: Int, blockLength: Int = 1, parallel: Bool = false, parallelBufferSize: Int = 64,
    _ makeDataset: @escaping (Element) throws -> Inner
  ) -> Interleave<Self, Inner> {
    Interleave(
      base: self, cycleLength: cycleLength, blockLength: blockLength,
      prefetch: parallel ? parallelBufferSize : nil, makeDataset: makeDataset)
  }

  /// Maps each element to a dataset and concatenates them in order (tf.data's `flat_map`):
  /// an interleave with a cycle of one.
  ///
  ///     Datasets.range(1..<4).flatMap { Datasets.range(0..<$0) }   // 0, 0, 1, 0, 1, 2
  public func flatMap<Inner: Dataset>(_ makeDataset: @escaping (Element) throws -> Inner)
    -> Interleave<Self, Inner>
  {
    Interleave(base: self, cycleLength: 1, blockLength: 1, prefetch: nil, makeDataset: makeDataset)
  }
}

/// Interleaved inner datasets. Build with ``Dataset/interleave(cycleLength:blockLength:parallel:parallelBufferSize:_:)``
/// or ``Dataset/flatMap(_:)``.
public struct Interleave<Base: Dataset, Inner: Dataset>: Dataset {
  public typealias Element = Inner.Element
  let base: Base
  let cycleLength: Int
  let blockLength: Int
  let prefetch: Int?
  let makeDataset: (Base.Element) throws -> Inner

  /// Always `.unknown`, as in tf.data (even for an empty input).
  public var cardinality: Cardinality { .unknown }

  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(dataset: self, epoch: epoch, outer: base.makeIterator(epoch: epoch))
  }

  public func makeIterator(restoring state: State) throws -> Iterator {
    var iterator = Iterator(
      dataset: self, epoch: state.epoch, outer: try base.makeIterator(restoring: state.outer))
    guard state.slots.count == iterator.slots.count else {
      throw PipelineError.invalidState(
        stage: "interleave", "\(state.slots.count) slots, expected \(cycleLength)")
    }
    for (i, saved) in state.slots.enumerated() {
      guard let saved else { continue }
      var outer = try base.makeIterator(restoring: saved.outerBefore)
      guard let element = try outer.next() else {
        throw PipelineError.invalidState(
          stage: "interleave", "input element \(saved.inputIndex) is gone")
      }
      let inner = try makeInner(element, index: saved.inputIndex)
      iterator.slots[i] = Slot(
        iterator: try inner.makeIterator(restoring: saved.inner), outerBefore: saved.outerBefore,
        inputIndex: saved.inputIndex)
    }
    iterator.cycleIndex = state.cycleIndex
    iterator.blockIndex = state.blockIndex
    iterator.endOfInput = state.endOfInput
    iterator.inputIndex = state.inputIndex
    return iterator
  }

  func makeInner(_ element: Base.Element, index: Int) throws -> InterleaveInner<Inner> {
    let inner = try PipelineError.wrap("interleave", index) { try makeDataset(element) }
    return InterleaveInner(base: inner, prefetch: prefetch)
  }

  /// An open inner dataset and where it came from.
  struct Slot {
    var iterator: InterleaveInner<Inner>.Iterator
    var outerBefore: Base.Iterator.State
    var inputIndex: Int
  }

  /// The saved position of an ``Interleave``.
  public struct State: Codable {
    /// The saved position of one open slot.
    public struct SlotState: Codable {
      /// Input position just before the element that opened the slot.
      public var outerBefore: Base.Iterator.State
      public var inputIndex: Int
      public var inner: InterleaveInner<Inner>.Iterator.State
    }
    public var epoch: Int
    public var outer: Base.Iterator.State
    public var slots: [SlotState?]
    public var cycleIndex: Int
    public var blockIndex: Int
    public var endOfInput: Bool
    public var inputIndex: Int
  }

  /// The iterator of an ``Interleave``, following tf.data's cycle algorithm step by step.
  public struct Iterator: DatasetIterator {
    let dataset: Interleave
    let epoch: Int
    var outer: Base.Iterator
    var slots: [Slot?]
    var cycleIndex = 0
    var blockIndex = 0
    var endOfInput = false
    var inputIndex = 0

    init(dataset: Interleave, epoch: Int, outer: Base.Iterator) {
      self.dataset = dataset
      self.epoch = epoch
      self.outer = outer
      slots = Array(repeating: nil, count: max(0, dataset.cycleLength))
    }

    var openCount: Int { slots.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    mutating func advanceToNextInCycle() {
      blockIndex = 0
      cycleIndex = (cycleIndex + 1) % slots.count
    }

    public mutating func next() throws -> Element? {
      guard dataset.cycleLength >= 1, dataset.blockLength >= 1 else {
        throw PipelineError.invalidArgument(
          stage: "interleave",
          "cycleLength and blockLength must be at least 1, got \(dataset.cycleLength) and \(dataset.blockLength)"
        )
      }
      while !endOfInput || openCount > 0 {
        if slots[cycleIndex] != nil {
          if let value = try slots[cycleIndex]!.iterator.next() {
            blockIndex += 1
            if blockIndex == dataset.blockLength { advanceToNextInCycle() }
            return value
          }
          slots[cycleIndex] = nil
          advanceToNextInCycle()
        } else if !endOfInput {
          let before = try outer.checkpoint()
          if let element = try outer.next() {
            let inner = try dataset.makeInner(element, index: inputIndex)
            slots[cycleIndex] = Slot(
              iterator: inner.makeIterator(epoch: epoch), outerBefore: before,
              inputIndex: inputIndex)
            inputIndex += 1
          } else {
            endOfInput = true
          }
        } else {
          advanceToNextInCycle()
        }
      }
      return nil
    }

    public func checkpoint() throws -> State {
      State(
        epoch: epoch, outer: try outer.checkpoint(),
        slots: try slots.map { slot in
          try slot.map {
            State.SlotState(
              outerBefore: $0.outerBefore, inputIndex: $0.inputIndex,
              inner: try $0.iterator.checkpoint())
          }
        },
        cycleIndex: cycleIndex, blockIndex: blockIndex, endOfInput: endOfInput,
        inputIndex: inputIndex)
    }
  }
}

/// An inner dataset of an interleave, read directly or through a background prefetch.
public struct InterleaveInner<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  let base: Base
  let prefetch: Int?

  public var cardinality: Cardinality { base.cardinality }

  public func makeIterator(epoch: Int) -> Iterator {
    if let prefetch {
      return Iterator(prefetched: base.prefetch(prefetch).makeIterator(epoch: epoch))
    }
    return Iterator(direct: base.makeIterator(epoch: epoch))
  }

  public func makeIterator(restoring state: Iterator.State) throws -> Iterator {
    switch state {
    case .direct(let s): return Iterator(direct: try base.makeIterator(restoring: s))
    case .prefetched(let s):
      return Iterator(prefetched: try base.prefetch(prefetch ?? 64).makeIterator(restoring: s))
    }
  }

  /// Either a plain iterator or a prefetching one (exactly one is set; both are mutated in
  /// place, never copied out).
  public struct Iterator: DatasetIterator {
    var direct: Base.Iterator?
    var prefetched: Prefetch<Base>.Iterator?

    init(direct: Base.Iterator) { self.direct = direct }
    init(prefetched: Prefetch<Base>.Iterator) { self.prefetched = prefetched }

    /// The inner position, tagged by how it was read.
    public enum State: Codable {
      case direct(Base.Iterator.State)
      case prefetched(ChunkState<Base.Iterator.State>)
    }

    public mutating func next() throws -> Element? {
      if direct != nil { return try direct!.next() }
      return try prefetched!.next()
    }

    public func checkpoint() throws -> State {
      if let direct { return .direct(try direct.checkpoint()) }
      return .prefetched(try prefetched!.checkpoint())
    }
  }
}
