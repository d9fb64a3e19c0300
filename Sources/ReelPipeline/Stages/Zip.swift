extension Dataset {
  /// Pairs elements of this dataset and `other` until the shorter one ends (tf.data's `zip`).
  ///
  ///     Datasets.range(0..<3).zip(Datasets.from(["a", "b"]))   // (0, "a"), (1, "b")
  @inlinable
  public func zip<Other: Dataset>(_ other: Other) -> Zip<Self, Other> {
    Zip(first: self, second: other)
  }
}

extension Datasets {
  /// Pairs the elements of two datasets; see ``Dataset/zip(_:)``.
  @inlinable
  public static func zip<A: Dataset, B: Dataset>(_ a: A, _ b: B) -> Zip<A, B> { a.zip(b) }
}

/// Two datasets in lockstep. Build with ``Dataset/zip(_:)``.
public struct Zip<First: Dataset, Second: Dataset>: Dataset {
  public typealias Element = (First.Element, Second.Element)
  @usableFromInline let first: First
  @usableFromInline let second: Second

  @inlinable init(first: First, second: Second) {
    self.first = first
    self.second = second
  }

  @inlinable
  public var cardinality: Cardinality {
    switch (first.cardinality, second.cardinality) {
    case (.finite(let a), .finite(let b)): return .finite(min(a, b))
    case (.finite(let n), .infinite), (.infinite, .finite(let n)): return .finite(n)
    case (.infinite, .infinite): return .infinite
    default: return .unknown
    }
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(first: first.makeIterator(epoch: epoch), second: second.makeIterator(epoch: epoch))
  }

  @inlinable
  public func makeIterator(restoring state: ZipState<First.Iterator.State, Second.Iterator.State>)
    throws -> Iterator
  {
    Iterator(
      first: try first.makeIterator(restoring: state.first),
      second: try second.makeIterator(restoring: state.second))
  }

  /// The iterator of a ``Zip``.
  public struct Iterator: DatasetIterator {
    @usableFromInline var first: First.Iterator
    @usableFromInline var second: Second.Iterator

    @inlinable init(first: First.Iterator, second: Second.Iterator) {
      self.first = first
      self.second = second
    }

    @inlinable
    public mutating func next() throws -> Element? {
      guard let a = try first.next(), let b = try second.next() else { return nil }
      return (a, b)
    }

    @inlinable
    public func checkpoint() throws -> ZipState<First.Iterator.State, Second.Iterator.State> {
      ZipState(first: try first.checkpoint(), second: try second.checkpoint())
    }

    @inlinable
    public mutating func skip(_ count: Int) throws -> Int {
      min(try first.skip(count), try second.skip(count))
    }
  }
}

/// The saved position of a ``Zip``.
public struct ZipState<First: Codable, Second: Codable>: Codable {
  public var first: First
  public var second: Second

  @inlinable public init(first: First, second: Second) {
    self.first = first
    self.second = second
  }
}
