extension Normalization {
  /// Keras's `axis` argument of `Normalization`, in the numbering of the batched input
  /// (axis 0 is the batch).
  public enum Axis: Sendable, Equatable, Codable {
    /// `axis=None`: one mean and variance over every value.
    case none
    /// `axis=k` or `axis=(k, ...)`: one mean and variance per position of these axes
    /// (negative values count from the end).
    case keep([Int])

    /// `axis=-1`, Keras's default: one statistic per position of the last axis.
    public static let last = Axis.keep([-1])

    /// The kept axes, made non-negative and sorted, for an input of `rank` (batch included).
    func keptAxes(rank: Int) throws -> [Int] {
      guard case .keep(let axes) = self else { return [] }
      let kept = Set(try axes.map { a -> Int in
        guard a >= -rank, a < rank else {
          throw PreprocessingError.invalidArgument(
            layer: "Normalization", "axis \(a) is outside [-\(rank), \(rank)) for inputs of rank \(rank)")
        }
        let k = a < 0 ? a + rank : a
        guard k != 0 else {
          throw PreprocessingError.invalidArgument(layer: "Normalization", "the batch axis 0 cannot keep statistics")
        }
        return k
      })
      return kept.sorted()
    }

    /// JSON: `null` for `.none`, the list of axes for `.keep`.
    public init(from decoder: Decoder) throws {
      let container = try decoder.singleValueContainer()
      self = container.decodeNil() ? .none : .keep(try container.decode([Int].self))
    }

    public func encode(to encoder: Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .none: try container.encodeNil()
      case .keep(let axes): try container.encode(axes)
      }
    }
  }
}
