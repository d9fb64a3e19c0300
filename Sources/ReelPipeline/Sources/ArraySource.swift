extension Datasets {
  /// A dataset of the elements of an array, in order (tf.data's `from_tensor_slices`).
  ///
  ///     Datasets.from([3, 1, 2])   // 3, 1, 2
  ///
  /// - Complexity: O(1) per element; saving and restoring a position is O(1).
  @inlinable
  public static func from<Element>(_ elements: [Element]) -> ArrayDataset<Element> {
    ArrayDataset(elements: elements)
  }

  /// A dataset of the elements of any sequence, copied into an array once.
  @inlinable
  public static func from<S: Sequence>(sequence: S) -> ArrayDataset<S.Element> {
    ArrayDataset(elements: Array(sequence))
  }
}

/// A dataset over an in-memory array. Build with ``Datasets/from(_:)``.
public struct ArrayDataset<Element>: Dataset {
  @usableFromInline let elements: [Element]

  @inlinable init(elements: [Element]) { self.elements = elements }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator { Iterator(elements: elements, position: 0) }

  @inlinable
  public func makeIterator(restoring state: Int) throws -> Iterator {
    guard (0...elements.count).contains(state) else {
      throw PipelineError.invalidState(
        stage: "from(array)", "position \(state) outside 0...\(elements.count)")
    }
    return Iterator(elements: elements, position: state)
  }

  @inlinable public var cardinality: Cardinality { .finite(elements.count) }

  /// The iterator of an ``ArrayDataset``; its state is the index of the next element.
  public struct Iterator: DatasetIterator {
    @usableFromInline let elements: [Element]
    @usableFromInline var position: Int

    @inlinable init(elements: [Element], position: Int) {
      self.elements = elements
      self.position = position
    }

    @inlinable
    public mutating func next() -> Element? {
      guard position < elements.count else { return nil }
      defer { position += 1 }
      return elements[position]
    }

    @inlinable public func checkpoint() -> Int { position }

    @inlinable
    public mutating func skip(_ count: Int) -> Int {
      let n = max(0, min(count, elements.count - position))
      position += n
      return n
    }
  }
}
