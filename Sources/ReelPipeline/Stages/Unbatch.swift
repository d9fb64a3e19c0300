extension Dataset where Element: RandomAccessCollection {
  /// Splits every upstream batch back into its elements (tf.data's `unbatch`). Empty batches
  /// contribute nothing.
  ///
  ///     Datasets.from([[0, 1], [], [2, 3, 4]]).unbatch()   // 0, 1, 2, 3, 4
  ///     Datasets.range(0..<5).batch(size: 2).unbatch()      // 0, 1, 2, 3, 4
  ///
  /// Cardinality: tf.data multiplies the upstream count by the batch dimension when the element
  /// shape fixes it; Reel's batches have no static size, so a finite upstream gives `.unknown`
  /// (as tf.data does for a dynamic batch dimension). Infinite and unknown pass through.
  ///
  /// Saving a position stores the upstream position before the current batch and an offset
  /// into it; restoring re-reads that one batch.
  ///
  /// - Complexity: O(1) per element.
  @inlinable
  public func unbatch() -> Unbatch<Self> { Unbatch(base: self) }
}

/// A dataset of the elements of upstream batches. Build with ``Dataset/unbatch()``.
public struct Unbatch<Base: Dataset>: Dataset where Base.Element: RandomAccessCollection {
  public typealias Element = Base.Element.Element
  @usableFromInline let base: Base

  @inlinable init(base: Base) { self.base = base }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(base: base.makeIterator(epoch: epoch), batchIndex: 0)
  }

  @inlinable
  public func makeIterator(restoring state: ChunkState<Base.Iterator.State>) throws -> Iterator {
    var iterator = Iterator(
      base: try base.makeIterator(restoring: state.upstream), batchIndex: state.firstIndex)
    guard state.offset > 0 else { return iterator }
    let before = Result<Base.Iterator.State, any Error>.success(state.upstream)
    guard let batch = try iterator.base.next(), state.offset < batch.count else {
      throw PipelineError.invalidState(
        stage: "unbatch", "batch \(state.firstIndex) has no element at offset \(state.offset)")
    }
    iterator.current = (batch, batch.index(batch.startIndex, offsetBy: state.offset), before)
    return iterator
  }

  @inlinable
  public var cardinality: Cardinality {
    switch base.cardinality {
    case .finite: return .unknown
    case let other: return other
    }
  }

  /// The iterator of an ``Unbatch``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var base: Base.Iterator
    /// The batch being read, the position of its next element and the upstream state before it.
    @usableFromInline var current:
      (
        batch: Base.Element, position: Base.Element.Index,
        before: Result<Base.Iterator.State, any Error>
      )?
    /// Index within the pass of the current batch (or of the next one when there is none).
    @usableFromInline var batchIndex: Int

    @inlinable init(base: Base.Iterator, batchIndex: Int) {
      self.base = base
      self.batchIndex = batchIndex
    }

    /// Makes `current` a batch with at least one element left; false at the end of the input.
    @inlinable
    mutating func load() throws -> Bool {
      while current == nil {
        let before = Result { try base.checkpoint() }
        guard let batch = try base.next() else { return false }
        if batch.isEmpty {
          batchIndex += 1
        } else {
          current = (batch, batch.startIndex, before)
        }
      }
      return true
    }

    @inlinable
    public mutating func next() throws -> Base.Element.Element? {
      guard try load(), let (batch, position, before) = current else { return nil }
      let after = batch.index(after: position)
      if after == batch.endIndex {
        current = nil
        batchIndex += 1
      } else {
        current = (batch, after, before)
      }
      return batch[position]
    }

    @inlinable
    public mutating func skip(_ count: Int) throws -> Int {
      var skipped = 0
      while skipped < count, try load(), let (batch, position, before) = current {
        let left = batch.distance(from: position, to: batch.endIndex)
        if count - skipped < left {
          current = (batch, batch.index(position, offsetBy: count - skipped), before)
          return count
        }
        skipped += left
        current = nil
        batchIndex += 1
      }
      return skipped
    }

    @inlinable
    public func checkpoint() throws -> ChunkState<Base.Iterator.State> {
      guard let (batch, position, before) = current else {
        return ChunkState(upstream: try base.checkpoint(), offset: 0, firstIndex: batchIndex)
      }
      return ChunkState(
        upstream: try before.get(), offset: batch.distance(from: batch.startIndex, to: position),
        firstIndex: batchIndex)
    }
  }
}
