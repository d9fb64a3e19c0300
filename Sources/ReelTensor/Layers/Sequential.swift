/// Keras `Sequential`: layers applied one after another, each to the previous one's output.
///
/// The container does not rename its layers; it checks that their parameter names are unique,
/// so the model's weights can be saved by name.
///
///     var rng = SplitMix64(seed: 7)
///     let model = try Sequential([
///       Dense(inputSize: 64, outputSize: 32, activation: .relu, name: "hidden", using: &rng),
///       try Dropout(rate: 0.2, seed: 7),
///       Dense(inputSize: 32, outputSize: 1, name: "score", using: &rng),
///     ], name: "ranking")
///     let y = try model(x, tape: tape, training: true)   // [batch, 1]
public struct Sequential: UnaryLayer {
  /// The layers, in the order they are applied.
  public let layers: [any UnaryLayer]
  /// The container's name (in errors).
  public let name: String
  /// Every layer's parameters, in layer order.
  public let parameters: [Parameter]

  /// A stack of `layers`.
  ///
  /// - Throws: ``LayerError`` when two parameters share a name.
  public init(_ layers: [any UnaryLayer], name: String = "sequential") throws {
    self.layers = layers
    self.name = name
    self.parameters = try uniquelyNamedParameters(of: layers, container: name)
  }

  /// Every layer's regularization losses, in layer order.
  public func regularizationLosses(tape: Tape?) -> [Variable] {
    layers.flatMap { $0.regularizationLosses(tape: tape) }
  }

  /// The layers applied in order to `x`.
  ///
  /// - Throws: the first layer's ``LayerError``.
  public func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable {
    var y = x
    for layer in layers { y = try layer(y, tape: tape, training: training) }
    return y
  }
}
