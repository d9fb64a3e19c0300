extension Tensor {
  /// This tensor repeated to `target` (the adjoint of summing over axes): `self` has
  /// `target`'s shape with the summed axes set to 1 (or dropped, given `keptShape`).
  func broadcast(toShape target: [Int], keptShape: [Int]) -> Tensor {
    Tensor(shape: target) + reshaped(keptShape)
  }
}

extension Variable {
  /// The sum over `axes`; the gradient repeats the upstream gradient over them.
  ///
  ///     Variable(constant: Tensor(rows: [[1, 2], [3, 4]])).sum(alongAxes: [1]).value.scalars
  ///     // [3, 7]
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
    let x = value
    let result = x.sum(alongAxes: axes, keepingDimensions: keepingDimensions)
    let kept = x.sum(alongAxes: axes, keepingDimensions: true).shape
    return Tape.recording(result, [self]) { g, _ in
      [.dense(g.broadcast(toShape: x.shape, keptShape: kept))]
    }
  }

  /// The sum of all elements (a scalar).
  public func sum() -> Variable { sum(alongAxes: Array(0..<value.rank)) }

  /// The mean over `axes`.
  ///
  ///     Variable(constant: Tensor([1, 2, 6])).mean().value.scalar   // 3
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Variable {
    let reduced = value.normalizedAxes(axes, operation: "mean")
    let count = reduced.reduce(1) { $0 * value.shape[$1] }
    return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(count))
  }

  /// The mean of all elements (a scalar).
  public func mean() -> Variable { mean(alongAxes: Array(0..<value.rank)) }
}
