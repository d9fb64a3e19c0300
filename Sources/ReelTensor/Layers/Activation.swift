/// The activation a layer applies to its output (Keras's `activation=` names).
///
///     Activation.relu.apply(Variable(constant: Tensor([-1, 2]))).value.scalars   // [0, 2]
public enum Activation: String, Sendable, CaseIterable {
  /// The identity (Keras `None` / `"linear"`).
  case linear
  case relu
  case sigmoid
  case tanh

  /// The activation of `x`, recorded on `x`'s tape.
  public func apply(_ x: Variable) -> Variable {
    switch self {
    case .linear: return x
    case .relu: return x.relu()
    case .sigmoid: return x.sigmoid()
    case .tanh: return x.tanh()
    }
  }
}
