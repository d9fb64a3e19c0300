extension Dataset {
  /// A stateful map (tf.data's `scan`): `transform` receives the running state and an element
  /// and returns the new state and the output. The state is part of the saved position, so it
  /// must be `Codable`.
  ///
  ///     Datasets.range(1..<5).scan(0) { sum, x in (sum + x, sum + x) }   // 1, 3, 6, 10
  @inlinable
  public func scan<State: Codable, Output>(
    _ initial: State, _ transform: @escaping (State, Element) throws -> (State, Output)
  ) -> Scan<Self, State, Output> {
    Scan(base: self, initial: initial, transform: transform)
  }
}

/// A stateful map. Build with ``Dataset/scan(_:_:)``.
public struct Scan<Base: Dataset, ScanState: Codable, Element>: Dataset {
  @usableFromInline let base: Base
  @usableFromInline let initial: ScanState
  @usableFromInline let transform: (ScanState, Base.Element) throws -> (ScanState, Element)

  @inlinable
  init(
    base: Base, initial: ScanState,
    transform: @escaping (ScanState, Base.Element) throws -> (ScanState, Element)
  ) {
    self.base = base
    self.initial = initial
    self.transform = transform
  }

  @inlinable public var cardinality: Cardinality { base.cardinality }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), transform: transform, state: initial, index: 0)
  }

  @inlinable
  public func makeIterator(restoring state: ScanStageState<Base.Iterator.State, ScanState>) throws
    -> Iterator
  {
    Iterator(
      base: try base.makeIterator(restoring: state.upstream), transform: transform,
      state: state.scanState, index: state.index)
  }

  /// The iterator of a ``Scan``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let transform: (ScanState, Base.Element) throws -> (ScanState, Element)
    @usableFromInline var state: ScanState
    @usableFromInline var index: Int

    @inlinable
    init(
      base: Base.Iterator,
      transform: @escaping (ScanState, Base.Element) throws -> (ScanState, Element),
      state: ScanState, index: Int
    ) {
      self.base = base
      self.transform = transform
      self.state = state
      self.index = index
    }

    @inlinable
    public mutating func next() throws -> Element? {
      guard let value = try base.next() else { return nil }
      let i = index
      index += 1
      let (newState, output) = try PipelineError.wrap("scan", i) { try transform(state, value) }
      state = newState
      return output
    }

    @inlinable
    public func checkpoint() throws -> ScanStageState<Base.Iterator.State, ScanState> {
      ScanStageState(upstream: try base.checkpoint(), index: index, scanState: state)
    }
  }
}

/// The saved position of a ``Scan``: upstream position, element index and the scan state.
public struct ScanStageState<Upstream: Codable, ScanState: Codable>: Codable {
  public var upstream: Upstream
  public var index: Int
  public var scanState: ScanState

  @inlinable
  public init(upstream: Upstream, index: Int, scanState: ScanState) {
    self.upstream = upstream
    self.index = index
    self.scanState = scanState
  }
}
