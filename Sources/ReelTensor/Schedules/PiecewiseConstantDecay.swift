/// Keras `PiecewiseConstantDecay`: `values[0]` while `step ≤ boundaries[0]`, `values[i]` while
/// `boundaries[i-1] < step ≤ boundaries[i]`, and the last value after the last boundary.
///
///     let s = PiecewiseConstantDecay(boundaries: [2, 4], values: [1, 0.5, 0.1])
///     (0...5).map { s.learningRate(atStep: $0) }   // [1, 1, 1, 0.5, 0.5, 0.1]
public struct PiecewiseConstantDecay: LearningRateSchedule {
  public let boundaries: [Int]
  public let values: [Float]

  /// - Precondition: `values` has one more element than `boundaries`, which increase
  ///   strictly.
  public init(boundaries: [Int], values: [Float]) {
    precondition(
      values.count == boundaries.count + 1,
      "PiecewiseConstantDecay: \(values.count) values for \(boundaries.count) boundaries "
        + "(needs one more value than boundaries)")
    precondition(
      zip(boundaries, boundaries.dropFirst()).allSatisfy { $0 < $1 },
      "PiecewiseConstantDecay: boundaries \(boundaries) must increase strictly")
    self.boundaries = boundaries
    self.values = values
  }

  public func learningRate(atStep step: Int) -> Float {
    values[boundaries.firstIndex { step <= $0 } ?? boundaries.count]
  }

  public var description: String {
    "PiecewiseConstantDecay(boundaries=\(boundaries), values=\(values))"
  }
}
