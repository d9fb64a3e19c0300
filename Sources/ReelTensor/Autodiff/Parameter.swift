/// A named, trainable tensor shared by a layer (which reads it in its forward pass) and an
/// optimizer (which updates it in place).
///
/// A reference type so that both sides see one value; ``Tape/watch(_:)-(Parameter)`` records
/// it on a tape, and the optimizer keeps its slots (accumulators, moments) per parameter.
///
///     let bias = Parameter(name: "dense/bias", value: Tensor(shape: [4]))
///     bias.value.shape   // [4]
public final class Parameter {
  /// A name unique within a model (`"layer/weight"`), used in weight files.
  public let name: String
  /// The current value.
  public var value: Tensor

  /// A parameter called `name` holding `value`.
  public init(name: String, value: Tensor) {
    self.name = name
    self.value = value
  }
}
