extension Dataset {
  /// Groups elements by an integer key into windows of `windowSize` elements and reduces every
  /// window to one output (tf.data's `group_by_window`). A window is reduced as soon as its key
  /// has collected `windowSize` elements; at the end of the input the partial windows left are
  /// reduced in ascending key order (tf.data keeps its groups in an ordered map).
  ///
  ///     Datasets.range(0..<10).groupByWindow(key: { $0 % 2 }, windowSize: 3) { _, w in w }
  ///     // [0, 2, 4], [1, 3, 5], [6, 8], [7, 9]
  ///
  /// Difference from tf.data: tf.data's `reduce_func` returns a dataset whose elements are
  /// flattened into the output; Reel's `reduce` returns exactly one output per window
  /// (`(key, elements) -> R`). Cardinality is `.unknown`, as in tf.data.
  ///
  /// Errors thrown by `key` name the element; errors thrown by `reduce` name the window's last
  /// element (stage `"groupByWindow"`). A `windowSize` below 1 is reported by the first `next()`.
  /// Saving a position stores the upstream position at the last moment no window was open plus
  /// counts; restoring replays the keys of the elements read since then.
  ///
  /// - Complexity: O(1) amortized per element plus `reduce`; memory for the open windows.
  @inlinable
  public func groupByWindow<R>(
    key: @escaping (Element) throws -> Int, windowSize: Int,
    reduce: @escaping (_ key: Int, _ window: [Element]) throws -> R
  ) -> GroupByWindow<Self, R> {
    GroupByWindow(
      base: self, stage: "groupByWindow", key: key, windowSize: { _ in windowSize },
      reduce: reduce,
      argumentError: argumentError(
        windowSize >= 1, "groupByWindow", "windowSize must be at least 1, got \(windowSize)"))
  }

  /// ``groupByWindow(key:windowSize:reduce:)`` with a window size chosen per key (tf.data's
  /// `window_size_func`), evaluated for every element. A size below 1 fails the pass with
  /// ``PipelineError/invalidArgument(stage:_:)`` naming the key and the element.
  ///
  ///     Datasets.range(0..<6).groupByWindow(
  ///       key: { $0 % 2 }, windowSizeForKey: { $0 == 0 ? 3 : 1 }) { _, w in w }
  ///     // [1], [3], [0, 2, 4], [5]
  ///
  /// - Complexity: O(1) amortized per element plus `reduce`.
  @inlinable
  public func groupByWindow<R>(
    key: @escaping (Element) throws -> Int, windowSizeForKey: @escaping (Int) throws -> Int,
    reduce: @escaping (_ key: Int, _ window: [Element]) throws -> R
  ) -> GroupByWindow<Self, R> {
    GroupByWindow(
      base: self, stage: "groupByWindow", key: key, windowSize: windowSizeForKey, reduce: reduce,
      argumentError: nil)
  }
}

/// Windows of elements grouped by key, reduced to one output each. Build with
/// ``Dataset/groupByWindow(key:windowSize:reduce:)``.
public struct GroupByWindow<Base: Dataset, Element>: Dataset {
  @usableFromInline let base: Base
  @usableFromInline let stage: String
  @usableFromInline let key: (Base.Element) throws -> Int
  @usableFromInline let windowSize: (Int) throws -> Int
  @usableFromInline let reduce: (Int, [Base.Element]) throws -> Element
  @usableFromInline let argumentError: PipelineError?

  @inlinable
  init(
    base: Base, stage: String, key: @escaping (Base.Element) throws -> Int,
    windowSize: @escaping (Int) throws -> Int,
    reduce: @escaping (Int, [Base.Element]) throws -> Element, argumentError: PipelineError?
  ) {
    self.base = base
    self.stage = stage
    self.key = key
    self.windowSize = windowSize
    self.reduce = reduce
    self.argumentError = argumentError
  }

  @inlinable public var cardinality: Cardinality { .unknown }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    let upstream = base.makeIterator(epoch: epoch)
    return Iterator(
      dataset: self, base: upstream, start: Result { try upstream.checkpoint() }, startIndex: 0)
  }

  public func makeIterator(restoring state: GroupByWindowState<Base.Iterator.State>) throws
    -> Iterator
  {
    if let argumentError { throw argumentError }
    guard state.consumed >= 0, state.produced >= 0, state.startIndex >= 0 else {
      throw PipelineError.invalidState(stage: stage, "negative counts in \(state)")
    }
    var iterator = Iterator(
      dataset: self, base: try base.makeIterator(restoring: state.start),
      start: .success(state.start), startIndex: state.startIndex)
    // Replay the keys of the elements read since `start` to rebuild the open windows.
    var completed = 0
    for _ in 0..<state.consumed {
      guard let value = try iterator.base.next() else {
        throw PipelineError.invalidState(stage: stage, "upstream ended early in \(state)")
      }
      if try iterator.add(value) != nil { completed += 1 }
    }
    var flushed = state.produced - completed
    guard flushed >= 0, flushed == 0 || state.upstreamEnded, flushed <= iterator.groups.count
    else {
      throw PipelineError.invalidState(stage: stage, "inconsistent counts in \(state)")
    }
    iterator.ended = state.upstreamEnded
    while flushed > 0, let smallest = iterator.groups.keys.min() {
      iterator.groups[smallest] = nil
      flushed -= 1
    }
    iterator.produced = state.produced
    return iterator
  }

  /// The iterator of a ``GroupByWindow``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let stage: String
    @usableFromInline let key: (Base.Element) throws -> Int
    @usableFromInline let windowSize: (Int) throws -> Int
    @usableFromInline let reduce: (Int, [Base.Element]) throws -> Element
    @usableFromInline let argumentError: PipelineError?
    /// Open windows by key, with the index of each window's last element.
    @usableFromInline var groups: [Int: (elements: [Base.Element], last: Int)] = [:]
    /// Upstream position at the last moment no window was open.
    @usableFromInline var start: Result<Base.Iterator.State, any Error>
    /// Index within the pass of the first element read after `start`.
    @usableFromInline var startIndex: Int
    /// Elements read and windows produced since `start`.
    @usableFromInline var consumed = 0
    @usableFromInline var produced = 0
    @usableFromInline var ended = false

    @inlinable
    init(
      dataset: GroupByWindow, base: Base.Iterator, start: Result<Base.Iterator.State, any Error>,
      startIndex: Int
    ) {
      self.base = base
      self.stage = dataset.stage
      self.key = dataset.key
      self.windowSize = dataset.windowSize
      self.reduce = dataset.reduce
      self.argumentError = dataset.argumentError
      self.start = start
      self.startIndex = startIndex
    }

    /// Adds an element to its window; returns the window when it became full.
    @inlinable
    mutating func add(_ value: Base.Element) throws
      -> (key: Int, window: [Base.Element], last: Int)?
    {
      let i = startIndex + consumed
      consumed += 1
      let k = try PipelineError.wrap(stage, i) { try key(value) }
      let size = try PipelineError.wrap(stage, i) { try windowSize(k) }
      guard size >= 1 else {
        throw PipelineError.invalidArgument(
          stage: stage, "window size for key \(k) must be at least 1, got \(size) (element \(i))")
      }
      groups[k, default: ([], i)].elements.append(value)
      groups[k]?.last = i
      guard let group = groups[k], group.elements.count >= size else { return nil }
      groups[k] = nil
      return (k, group.elements, i)
    }

    @inlinable
    public mutating func next() throws -> Element? {
      if let argumentError { throw argumentError }
      var full: (key: Int, window: [Base.Element], last: Int)?
      while full == nil, !ended {
        guard let value = try base.next() else {
          ended = true
          break
        }
        full = try add(value)
      }
      if full == nil, let smallest = groups.keys.min(), let group = groups[smallest] {
        groups[smallest] = nil
        full = (smallest, group.elements, group.last)
      }
      guard let (k, window, last) = full else { return nil }
      produced += 1
      if groups.isEmpty {
        start = Result { try base.checkpoint() }
        startIndex += consumed
        consumed = 0
        produced = 0
      }
      return try PipelineError.wrap(stage, last) { try reduce(k, window) }
    }

    @inlinable
    public func checkpoint() throws -> GroupByWindowState<Base.Iterator.State> {
      GroupByWindowState(
        start: try start.get(), startIndex: startIndex, consumed: consumed, produced: produced,
        upstreamEnded: ended)
    }
  }
}

/// The saved position of a ``GroupByWindow``: the upstream position at the last moment no
/// window was open, the index of the next element there, and the elements read and windows
/// produced since then. Restoring replays the keys of those elements.
public struct GroupByWindowState<Upstream: Codable>: Codable {
  public var start: Upstream
  public var startIndex: Int
  public var consumed: Int
  public var produced: Int
  public var upstreamEnded: Bool

  @inlinable
  public init(start: Upstream, startIndex: Int, consumed: Int, produced: Int, upstreamEnded: Bool) {
    self.start = start
    self.startIndex = startIndex
    self.consumed = consumed
    self.produced = produced
    self.upstreamEnded = upstreamEnded
  }
}
