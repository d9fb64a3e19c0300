import DequeModule

extension Dataset {
  /// Groups elements into sliding windows (tf.data's `window`). Window `k` starts at upstream
  /// element `k * shift` and holds the elements `start + i * stride` for `i < size`. Without
  /// `dropRemainder` a window is produced for every start inside the input, cut short at the
  /// end; with it, only full windows are produced.
  ///
  ///     Datasets.range(0..<7).window(size: 3)                     // [0, 1, 2], [3, 4, 5], [6]
  ///     Datasets.range(0..<7).window(size: 3, shift: 2)           // [0, 1, 2], [2, 3, 4],
  ///                                                               // [4, 5, 6], [6]
  ///     Datasets.range(0..<7).window(size: 3, shift: 2, stride: 2, dropRemainder: true)
  ///     // [0, 2, 4], [2, 4, 6]
  ///
  /// Difference from tf.data: tf.data yields every window as a nested dataset (usually flattened
  /// with `flat_map { $0.batch(size) }`); Reel yields each window as an array. Cardinality
  /// follows tf.data's `window` op: `ceil(n / shift)`, or with `dropRemainder`
  /// `max(0, (n - (size - 1) * stride - 1) / shift + 1)`.
  ///
  /// `size`, `shift` and `stride` must be at least 1, or the first `next()` throws
  /// ``PipelineError/invalidArgument(stage:_:)``. Saving a position stores the upstream position
  /// before the next window's first element; restoring re-reads the window.
  ///
  /// - Parameters:
  ///   - size: The number of elements in a full window.
  ///   - shift: How many elements the start moves between windows; defaults to `size`.
  ///   - stride: The step between the elements of one window; defaults to 1.
  /// - Complexity: O(`size`) per window; O(`(size - 1) * stride + 1`) memory.
  @inlinable
  public func window(size: Int, shift: Int? = nil, stride: Int = 1, dropRemainder: Bool = false)
    -> Window<Self>
  {
    Window(
      base: self, size: size, shift: shift ?? size, stride: stride, dropRemainder: dropRemainder)
  }
}

/// A dataset of sliding windows over the upstream. Build with
/// ``Dataset/window(size:shift:stride:dropRemainder:)``.
public struct Window<Base: Dataset>: Dataset {
  public typealias Element = [Base.Element]
  @usableFromInline let base: Base
  @usableFromInline let size: Int
  @usableFromInline let shift: Int
  @usableFromInline let stride: Int
  @usableFromInline let dropRemainder: Bool

  @inlinable
  init(base: Base, size: Int, shift: Int, stride: Int, dropRemainder: Bool) {
    self.base = base
    self.size = size
    self.shift = shift
    self.stride = stride
    self.dropRemainder = dropRemainder
  }

  @inlinable
  var argumentError: PipelineError? {
    for (name, value) in [("size", size), ("shift", shift), ("stride", stride)] where value < 1 {
      return .invalidArgument(stage: "window", "\(name) must be at least 1, got \(value)")
    }
    return nil
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(dataset: self, base: base.makeIterator(epoch: epoch))
  }

  @inlinable
  public func makeIterator(restoring state: WindowState<Base.Iterator.State>) throws -> Iterator {
    var iterator = Iterator(dataset: self, base: try base.makeIterator(restoring: state.upstream))
    guard state.skip >= 0 else {
      throw PipelineError.invalidState(stage: "window", "negative skip \(state.skip)")
    }
    if try iterator.base.skip(state.skip) < state.skip { iterator.ended = true }
    return iterator
  }

  @inlinable
  public var cardinality: Cardinality {
    guard argumentError == nil else { return .unknown }
    return base.cardinality.mapFinite { n in
      if dropRemainder {
        let rest = n - ((size - 1) * stride + 1)
        return rest < 0 ? 0 : rest / shift + 1
      }
      return (n + shift - 1) / shift
    }
  }

  /// The iterator of a ``Window``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    @usableFromInline let size: Int
    @usableFromInline let shift: Int
    @usableFromInline let stride: Int
    @usableFromInline let dropRemainder: Bool
    @usableFromInline let argumentError: PipelineError?
    /// Upstream elements `bufferStart..<nextRead` (indices relative to the iterator's origin).
    @usableFromInline var buffer: Deque<Base.Element> = []
    @usableFromInline var bufferStart = 0
    @usableFromInline var nextRead = 0
    /// Index of the first element of the next window.
    @usableFromInline var windowStart = 0
    /// Upstream states captured just before reading elements that start windows, oldest first.
    @usableFromInline var startStates:
      Deque<(index: Int, state: Result<Base.Iterator.State, any Error>)> = []
    @usableFromInline var ended = false

    @inlinable
    init(dataset: Window, base: Base.Iterator) {
      self.base = base
      self.size = dataset.size
      self.shift = dataset.shift
      self.stride = dataset.stride
      self.dropRemainder = dataset.dropRemainder
      self.argumentError = dataset.argumentError
    }

    @inlinable
    public mutating func next() throws -> [Base.Element]? {
      if let argumentError { throw argumentError }
      let drop = Swift.min(windowStart - bufferStart, buffer.count)
      buffer.removeFirst(drop)
      bufferStart += drop
      if windowStart > nextRead, !ended {
        let wanted = windowStart - nextRead
        let skipped = try base.skip(wanted)
        nextRead += skipped
        bufferStart = nextRead
        if skipped < wanted { ended = true }
      }
      let end = windowStart + (size - 1) * stride + 1
      while !ended, nextRead < end {
        if nextRead % shift == 0 {
          startStates.append((nextRead, Result { try base.checkpoint() }))
        }
        guard let value = try base.next() else {
          ended = true
          break
        }
        buffer.append(value)
        nextRead += 1
      }
      guard windowStart < nextRead, !(dropRemainder && nextRead < end) else { return nil }
      var window: [Base.Element] = []
      window.reserveCapacity(size)
      var index = windowStart
      while window.count < size, index < nextRead {
        window.append(buffer[index - bufferStart])
        index += stride
      }
      windowStart += shift
      while let first = startStates.first, first.index < windowStart { startStates.removeFirst() }
      return window
    }

    @inlinable
    public func checkpoint() throws -> WindowState<Base.Iterator.State> {
      guard windowStart < nextRead else {
        return WindowState(upstream: try base.checkpoint(), skip: windowStart - nextRead)
      }
      // Every element whose index is a multiple of `shift` was read right after a capture.
      guard let saved = startStates.first(where: { $0.index == windowStart }) else {
        throw PipelineError.notCheckpointable(
          stage: "window", reason: "no upstream position recorded for element \(windowStart)")
      }
      return WindowState(upstream: try saved.state.get(), skip: 0)
    }
  }
}

/// The saved position of a ``Window``: an upstream position and how many elements after it to
/// skip to reach the first element of the next window.
public struct WindowState<Upstream: Codable>: Codable {
  public var upstream: Upstream
  public var skip: Int

  @inlinable
  public init(upstream: Upstream, skip: Int) {
    self.upstream = upstream
    self.skip = skip
  }
}
