/// A stack of ``Dense`` layers, as the TFRS tutorials build with
/// `Sequential([Dense(256, activation="relu"), Dense(64, activation="relu"), Dense(1)])`:
/// every layer but the last uses `activation`, the last uses `finalActivation`.
///
/// The layers are named as Keras names Dense layers inside a model: `dense`, `dense_1`,
/// `dense_2`, …, under the MLP's name, so the parameters are `"mlp/dense/kernel"`,
/// `"mlp/dense/bias"`, `"mlp/dense_1/kernel"`, ….
///
///     var rng = SplitMix64(seed: 42)
///     let rating = try MLP(inputSize: 64, layerSizes: [256, 64, 1], activation: .relu,
///                          name: "rating", using: &rng)
///     let y = try rating(x, tape: tape)   // [batch, 1]
///
/// - Complexity: one matrix product per layer, O(batch · Σ inᵢ·outᵢ).
public struct MLP: UnaryLayer {
  /// The Dense layers, input first.
  public let layers: [Dense]
  /// The MLP's name, the prefix of its parameter names.
  public let name: String

  /// Layers of `layerSizes` units after an input of `inputSize` features, with new weights
  /// drawn from `rng` (`glorot_uniform` kernels, zero biases).
  ///
  /// - Throws: ``LayerError`` when there are no layers or a size is not positive.
  public init<G: RandomNumberGenerator>(
    inputSize: Int, layerSizes: [Int], activation: Activation = .relu,
    finalActivation: Activation = .linear, useBias: Bool = true,
    kernelRegularizer: L2? = nil, biasRegularizer: L2? = nil, name: String = "mlp",
    using rng: inout G
  ) throws {
    guard !layerSizes.isEmpty else {
      throw LayerError(layer: name, reason: "needs at least one layer size")
    }
    if let bad = ([inputSize] + layerSizes).first(where: { $0 <= 0 }) {
      throw LayerError(layer: name, reason: "layer sizes must be positive, got \(bad)")
    }
    var layers: [Dense] = []
    var width = inputSize
    for (index, size) in layerSizes.enumerated() {
      layers.append(
        Dense(
          inputSize: width, outputSize: size,
          activation: index == layerSizes.count - 1 ? finalActivation : activation,
          useBias: useBias, kernelRegularizer: kernelRegularizer,
          biasRegularizer: biasRegularizer, name: "\(name)/\(MLP.layerName(index))", using: &rng))
      width = size
    }
    try self.init(layers: layers, name: name)
  }

  /// An MLP around existing Dense layers (for example loaded ones).
  ///
  /// - Throws: ``LayerError`` when there are no layers, a layer's input size is not the
  ///   previous layer's output size, or two parameters share a name.
  public init(layers: [Dense], name: String = "mlp") throws {
    guard !layers.isEmpty else {
      throw LayerError(layer: name, reason: "needs at least one layer")
    }
    for (previous, next) in zip(layers, layers.dropFirst())
    where previous.outputSize != next.inputSize {
      throw LayerError(
        layer: name,
        reason: "layer \(next.name) takes \(next.inputSize) features but \(previous.name) "
          + "gives \(previous.outputSize)")
    }
    _ = try uniquelyNamedParameters(of: layers, container: name)
    self.layers = layers
    self.name = name
  }

  /// Keras's automatic name of the `index`-th Dense layer in a model: `dense`, `dense_1`, ….
  static func layerName(_ index: Int) -> String { index == 0 ? "dense" : "dense_\(index)" }

  /// The size of the input's last axis.
  public var inputSize: Int { layers[0].inputSize }
  /// The size of the output's last axis.
  public var outputSize: Int { layers[layers.count - 1].outputSize }
  /// Every layer's kernel and bias, input layer first.
  public var parameters: [Parameter] { layers.flatMap(\.parameters) }

  /// Every layer's regularization losses.
  public func regularizationLosses(tape: Tape?) -> [Variable] {
    layers.flatMap { $0.regularizationLosses(tape: tape) }
  }

  /// The layers applied in order to `x` (rank ≥ 2, last axis `inputSize`).
  ///
  /// - Throws: ``LayerError`` when the last axis of `x` is not `inputSize`.
  public func callAsFunction(_ x: Variable, tape: Tape?) throws -> Variable {
    var y = x
    for layer in layers { y = try layer(y, tape: tape) }
    return y
  }

  /// The layers applied to `x`; `training` makes no difference.
  public func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable {
    try self(x, tape: tape)
  }
}
