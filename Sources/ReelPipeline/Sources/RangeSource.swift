extension Datasets {
  /// The integers of a range (tf.data's `range`).
  ///
  ///     Datasets.range(0..<5)   // 0, 1, 2, 3, 4
  ///
  /// - Complexity: O(1) per element, O(1) skip and restore.
  @inlinable
  public static func range(_ range: Range<Int>) -> RangeDataset {
    RangeDataset(start: range.lowerBound, end: range.upperBound, step: 1)
  }

  /// The integers `start, start + step, ...` before `end`, like Python's `range(start, end, step)`.
  /// A `step` of 0 is an error reported by the first `next()`.
  @inlinable
  public static func range(from start: Int, to end: Int, by step: Int = 1) -> RangeDataset {
    RangeDataset(start: start, end: end, step: step)
  }

  /// The integers `start, start + step, ...` without end (tf.data's `counter`).
  @inlinable
  public static func counter(start: Int = 0, step: Int = 1) -> RangeDataset {
    RangeDataset(start: start, end: nil, step: step)
  }
}

/// A dataset of evenly spaced integers. Build with ``Datasets/range(_:)``.
public struct RangeDataset: Dataset {
  public typealias Element = Int
  @usableFromInline let start: Int
  @usableFromInline let end: Int?
  @usableFromInline let step: Int

  @inlinable init(start: Int, end: Int?, step: Int) {
    self.start = start
    self.end = end
    self.step = step
  }

  /// Number of elements when finite.
  @inlinable var count: Int? {
    guard let end, step != 0 else { return nil }
    if step > 0 { return end > start ? (end - start + step - 1) / step : 0 }
    return start > end ? (start - end - step - 1) / (-step) : 0
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(start: start, step: step, count: count, position: 0)
  }

  @inlinable
  public func makeIterator(restoring state: Int) throws -> Iterator {
    guard state >= 0, count.map({ state <= $0 }) ?? true else {
      throw PipelineError.invalidState(stage: "range", "position \(state) outside the range")
    }
    return Iterator(start: start, step: step, count: count, position: state)
  }

  @inlinable
  public var cardinality: Cardinality {
    if step == 0 { return .finite(0) }
    return count.map { .finite($0) } ?? .infinite
  }

  /// The iterator of a ``RangeDataset``; its state is the number of elements produced.
  public struct Iterator: DatasetIterator {
    @usableFromInline let start: Int
    @usableFromInline let step: Int
    @usableFromInline let count: Int?
    @usableFromInline var position: Int

    @inlinable init(start: Int, step: Int, count: Int?, position: Int) {
      self.start = start
      self.step = step
      self.count = count
      self.position = position
    }

    @inlinable
    public mutating func next() throws -> Int? {
      if step == 0 { throw PipelineError.invalidArgument(stage: "range", "step must not be 0") }
      if let count, position >= count { return nil }
      defer { position += 1 }
      return start &+ position &* step
    }

    @inlinable public func checkpoint() -> Int { position }

    @inlinable
    public mutating func skip(_ n: Int) -> Int {
      let k = count.map { max(0, min(n, $0 - position)) } ?? max(0, n)
      position += k
      return k
    }
  }
}
