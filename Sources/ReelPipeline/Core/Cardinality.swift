/// How many elements a pass over a dataset produces, as far as the pipeline can tell
/// without running it (tf.data's `cardinality()`: `INFINITE = -1`, `UNKNOWN = -2`).
///
///     Datasets.range(0..<10).batch(size: 3).cardinality     // .finite(4)
///     Datasets.range(0..<10).filter { $0 > 2 }.cardinality  // .unknown
///     Datasets.range(0..<10).repeat().cardinality           // .infinite
public enum Cardinality: Hashable, Sendable, CustomStringConvertible {
  /// Exactly this many elements.
  case finite(Int)
  /// The pass never ends.
  case infinite
  /// Cannot be known without running the pipeline (after `filter`, for example).
  case unknown

  /// tf.data's integer encoding: the count, `-1` for infinite, `-2` for unknown.
  public var tfDataValue: Int {
    switch self {
    case .finite(let n): return n
    case .infinite: return -1
    case .unknown: return -2
    }
  }

  /// The count when finite.
  public var count: Int? {
    if case .finite(let n) = self { return n }
    return nil
  }

  public var description: String {
    switch self {
    case .finite(let n): return "\(n)"
    case .infinite: return "infinite"
    case .unknown: return "unknown"
    }
  }

  /// Applies `transform` to a finite count; infinite and unknown pass through.
  @inlinable
  public func mapFinite(_ transform: (Int) -> Int) -> Cardinality {
    if case .finite(let n) = self { return .finite(transform(n)) }
    return self
  }
}
