/// Keras's `regularizers.l2(l)`: the penalty `l · Σ w²` of a weight, added to the training
/// loss (Keras's default factor is 0.01).
///
///     let l2 = L2(0.01)
///     l2.penalty(Variable(constant: Tensor([1, 2]))).value.scalar   // 0.05
public struct L2: Sendable, Equatable {
  /// The factor `l`.
  public let factor: Float

  /// A penalty of `factor · Σ w²`.
  ///
  /// - Precondition: `factor` is finite and not negative.
  public init(_ factor: Float = 0.01) {
    precondition(factor.isFinite && factor >= 0, "L2: factor \(factor) must be finite and ≥ 0")
    self.factor = factor
  }

  /// `factor · Σ w²` of `weight` (a scalar); the gradient is `2 · factor · w`.
  public func penalty(_ weight: Variable) -> Variable {
    weight.squared().sum() * factor
  }

  /// The penalty of `parameter`'s current value, recorded on `tape` when given (the parameter
  /// is watched, so the gradient adds to that of its other uses).
  ///
  /// - Complexity: O(parameter size); a table read only through lookups gets a dense
  ///   gradient, as in Keras.
  public func penalty(of parameter: Parameter, tape: Tape?) -> Variable {
    penalty(tape.map { $0.watch(parameter) } ?? Variable(constant: parameter.value))
  }
}

extension Optional where Wrapped == L2 {
  /// The penalty of `parameter` when there is a regularizer and a parameter.
  func penalties(of parameter: Parameter?, tape: Tape?) -> [Variable] {
    guard let l2 = self, let parameter = parameter else { return [] }
    return [l2.penalty(of: parameter, tape: tape)]
  }
}
