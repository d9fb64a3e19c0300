import ReelPipeline

/// Keras's `Discretization` with given `bin_boundaries` (float32, as in Keras): left-closed bins, so boundaries
/// `[0, 1, 2]` give `(-inf, 0) [0, 1) [1, 2) [2, inf)` → indices 0…3.
///
///     let bins = try Discretization(binBoundaries: [0, 1, 2])
///     try bins([-1, 0, 0.5, 2, 7])   // [0, 1, 1, 3, 3]
///
/// - Complexity: O(log b) per value for b boundaries.
public struct Discretization: Codable, Sendable, Equatable {
  /// The sorted boundaries.
  public let binBoundaries: [Float]

  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` unless the boundaries are finite
  ///   and non-decreasing.
  public init(binBoundaries: [Float]) throws {
    guard binBoundaries.allSatisfy(\.isFinite), zip(binBoundaries, binBoundaries.dropFirst()).allSatisfy({ $0 <= $1 }) else {
      throw PreprocessingError.invalidArgument(layer: "Discretization", "bin boundaries must be finite and sorted")
    }
    self.binBoundaries = binBoundaries
  }

  /// Number of bins (`boundaries + 1`), the size an embedding over the output needs.
  public var binCount: Int { binBoundaries.count + 1 }

  /// The bin index of each value.
  ///
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` for NaN.
  public func callAsFunction(_ values: [Float]) throws -> [Int32] {
    try values.enumerated().map { i, v in
      guard !v.isNaN else { throw PreprocessingError.invalidInput(layer: "Discretization", "value \(i) is NaN") }
      var lo = 0
      var hi = binBoundaries.count
      while lo < hi {  // number of boundaries <= v
        let mid = (lo + hi) / 2
        if binBoundaries[mid] <= v { lo = mid + 1 } else { hi = mid }
      }
      return Int32(lo)
    }
  }
}
