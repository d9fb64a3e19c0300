extension Dataset {
  /// Repeats the dataset `count` times, or forever when `count` is nil or negative (tf.data's
  /// `repeat`). Each repetition is a new pass of the upstream with its own epoch number, so a
  /// `shuffle` before `repeat` reshuffles every repetition and keeps repetition boundaries.
  ///
  ///     Datasets.range(0..<3).repeat(2)   // 0, 1, 2, 0, 1, 2
  ///
  /// Repetition `r` of pass `e` runs the upstream with epoch `e * count + r` (finite `count`) or
  /// `e << 32 + r` (forever), so epoch 0 of `ds.repeat(3)` equals epochs 0, 1, 2 of `ds`.
  /// As in tf.data, repeating forever an upstream whose pass is empty ends instead of spinning.
  @inlinable
  public func `repeat`(_ count: Int? = nil) -> Repeat<Self> {
    Repeat(base: self, count: count.flatMap { $0 < 0 ? nil : $0 })
  }
}

/// A dataset repeated several times. Build with ``Dataset/repeat(_:)``.
public struct Repeat<Base: Dataset>: Dataset {
  public typealias Element = Base.Element
  @usableFromInline let base: Base
  @usableFromInline let count: Int?

  @inlinable init(base: Base, count: Int?) {
    self.base = base
    self.count = count
  }

  @inlinable
  public var cardinality: Cardinality {
    guard let count else {
      return base.cardinality == .finite(0) ? .finite(0) : .infinite
    }
    if count == 0 { return .finite(0) }
    return base.cardinality.mapFinite { $0 * count }
  }

  @inlinable
  func upstreamEpoch(_ epoch: Int, _ repetition: Int) -> Int {
    if let count { return epoch &* count &+ repetition }
    return epoch << 32 &+ repetition
  }

  @inlinable
  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(
      dataset: self, epoch: epoch, repetition: 0,
      base: count == 0 ? nil : base.makeIterator(epoch: upstreamEpoch(epoch, 0)),
      producedThisRepetition: false)
  }

  public func makeIterator(restoring state: RepeatState<Base.Iterator.State>) throws -> Iterator {
    Iterator(
      dataset: self, epoch: state.epoch, repetition: state.repetition,
      base: try state.upstream.map { try base.makeIterator(restoring: $0) },
      producedThisRepetition: state.producedThisRepetition)
  }

  /// The iterator of a ``Repeat``.
  public struct Iterator: DatasetIterator {
    @usableFromInline let dataset: Repeat
    @usableFromInline let epoch: Int
    @usableFromInline var repetition: Int
    @usableFromInline var base: Base.Iterator?
    @usableFromInline var producedThisRepetition: Bool

    @inlinable
    init(
      dataset: Repeat, epoch: Int, repetition: Int, base: Base.Iterator?,
      producedThisRepetition: Bool
    ) {
      self.dataset = dataset
      self.epoch = epoch
      self.repetition = repetition
      self.base = base
      self.producedThisRepetition = producedThisRepetition
    }

    @inlinable
    public mutating func next() throws -> Element? {
      while base != nil {
        if let value = try base!.next() {
          producedThisRepetition = true
          return value
        }
        repetition += 1
        if let count = dataset.count, repetition >= count {
          base = nil
        } else if !producedThisRepetition {
          base = nil  // an empty pass would repeat forever
        } else {
          base = dataset.base.makeIterator(epoch: dataset.upstreamEpoch(epoch, repetition))
          producedThisRepetition = false
        }
      }
      return nil
    }

    @inlinable
    public func checkpoint() throws -> RepeatState<Base.Iterator.State> {
      RepeatState(
        epoch: epoch, repetition: repetition, upstream: try base?.checkpoint(),
        producedThisRepetition: producedThisRepetition)
    }
  }
}

/// The saved position of a ``Repeat``: the repetition and the upstream position within it
/// (nil once finished).
public struct RepeatState<Upstream: Codable>: Codable {
  public var epoch: Int
  public var repetition: Int
  public var upstream: Upstream?
  public var producedThisRepetition: Bool

  @inlinable
  public init(epoch: Int, repetition: Int, upstream: Upstream?, producedThisRepetition: Bool) {
    self.epoch = epoch
    self.repetition = repetition
    self.upstream = upstream
    self.producedThisRepetition = producedThisRepetition
  }
}
