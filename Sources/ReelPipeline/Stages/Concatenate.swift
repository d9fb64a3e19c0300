extension Dataset {
  /// The elements of this dataset followed by those of `other` (tf.data's `concatenate`).
  ///
  ///     Datasets.range(0..<2).concatenate(Datasets.range(5..<7))   // 0, 1, 5, 6
  @inlinable
  public func concatenate<Other: Dataset>(_ other: Other) -> Concatenate<Self, Other>
  where Other.Element == Element {
    Concatenate(first: self, second: other)
  }
}

/// One dataset after another. Build with ``Dataset/concatenate(_:)``.
public struct Concatenate<First: Dataset, Second: Dataset>: Dataset
where First.Element == Second.Element {
  public typealias Element = First.Element
  @usableFromInline let first: First
  @usableFromInline let second: Second

  @inlinable init(first: First, second: Second) {
    self.first = first
    self.second = second
  }

  @inlinable
  public var cardinality: Cardinality {
    switch (first.cardinality, second.cardinality) {
    case (.finite(let a), .finite(let b)): return .finite(a + b)
    case (.infinite, _), (_, .infinite): return .infinite
    default: return .unknown
    }
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(dataset: self, epoch: epoch, first: first.makeIterator(epoch: epoch), second: nil)
  }

  @inlinable
  public func makeIterator(
    restoring state: ConcatenateState<First.Iterator.State, Second.Iterator.State>
  ) throws -> Iterator {
    Iterator(
      dataset: self, epoch: state.epoch,
      first: try state.first.map { try first.makeIterator(restoring: $0) },
      second: try state.second.map { try second.makeIterator(restoring: $0) })
  }

  /// The iterator of a ``Concatenate``.
  public struct Iterator: DatasetIterator {
    @usableFromInline let dataset: Concatenate
    @usableFromInline let epoch: Int
    @usableFromInline var first: First.Iterator?
    @usableFromInline var second: Second.Iterator?

    @inlinable
    init(dataset: Concatenate, epoch: Int, first: First.Iterator?, second: Second.Iterator?) {
      self.dataset = dataset
      self.epoch = epoch
      self.first = first
      self.second = second
    }

    @inlinable
    public mutating func next() throws -> Element? {
      if first != nil {
        if let value = try first!.next() { return value }
        first = nil
        second = dataset.second.makeIterator(epoch: epoch)
      }
      return try second?.next()
    }

    @inlinable
    public func checkpoint() throws -> ConcatenateState<First.Iterator.State, Second.Iterator.State>
    {
      ConcatenateState(
        epoch: epoch, first: try first?.checkpoint(), second: try second?.checkpoint())
    }
  }
}

/// The saved position of a ``Concatenate``: in the first dataset, in the second, or done.
public struct ConcatenateState<First: Codable, Second: Codable>: Codable {
  public var epoch: Int
  public var first: First?
  public var second: Second?

  @inlinable public init(epoch: Int, first: First?, second: Second?) {
    self.epoch = epoch
    self.first = first
    self.second = second
  }
}
