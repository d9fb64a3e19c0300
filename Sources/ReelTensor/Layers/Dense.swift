/// Keras `Dense`: `activation(x · kernel + bias)` over the last axis of `x`.
///
/// The kernel is `[inputSize, outputSize]`, initialised `glorot_uniform`; the bias starts at
/// zero (Keras's defaults). Optional ``L2`` regularizers on the kernel and the bias report
/// their penalties through ``regularizationLosses(tape:)``.
///
///     var rng = SplitMix64(seed: 7)
///     let layer = Dense(inputSize: 64, outputSize: 1, name: "rating", using: &rng)
///     let tape = Tape()
///     let x = Variable(constant: Tensor(shape: [8, 64], repeating: 0.1))
///     try layer(x, tape: tape).shape   // [8, 1]
public struct Dense: UnaryLayer {
  /// `[inputSize, outputSize]`.
  public let kernel: Parameter
  /// `[outputSize]`, or nil without bias.
  public let bias: Parameter?
  /// Applied to the affine output.
  public let activation: Activation
  /// The layer's name, used in errors and as the parameter name prefix.
  public let name: String
  /// Keras `kernel_regularizer`.
  public let kernelRegularizer: L2?
  /// Keras `bias_regularizer`.
  public let biasRegularizer: L2?

  /// A layer with a new kernel drawn from `rng` by `kernelInitializer` (Keras's default
  /// `glorot_uniform`) and a zero bias.
  public init<G: RandomNumberGenerator>(
    inputSize: Int, outputSize: Int, activation: Activation = .linear, useBias: Bool = true,
    kernelInitializer: WeightInitializer = .glorotUniform, kernelRegularizer: L2? = nil,
    biasRegularizer: L2? = nil, name: String = "dense", using rng: inout G
  ) {
    let kernel = kernelInitializer.make(shape: [inputSize, outputSize], using: &rng)
    self.init(
      kernel: Parameter(name: "\(name)/kernel", value: kernel),
      bias: useBias ? Parameter(name: "\(name)/bias", value: Tensor(shape: [outputSize])) : nil,
      activation: activation, kernelRegularizer: kernelRegularizer,
      biasRegularizer: biasRegularizer, name: name)
  }

  /// A layer around existing weights (for example loaded ones).
  public init(
    kernel: Parameter, bias: Parameter?, activation: Activation = .linear,
    kernelRegularizer: L2? = nil, biasRegularizer: L2? = nil, name: String = "dense"
  ) {
    precondition(kernel.value.rank == 2, "Dense \(name): kernel must be [inputSize, outputSize]")
    if let bias = bias {
      precondition(
        bias.value.shape == [kernel.value.shape[1]], "Dense \(name): bias must be [outputSize]")
    }
    self.kernel = kernel
    self.bias = bias
    self.activation = activation
    self.kernelRegularizer = kernelRegularizer
    self.biasRegularizer = biasRegularizer
    self.name = name
  }

  /// The size of the last axis of the input.
  public var inputSize: Int { kernel.value.shape[0] }
  /// The size of the last axis of the output.
  public var outputSize: Int { kernel.value.shape[1] }
  /// The trainable parameters.
  public var parameters: [Parameter] { [kernel] + (bias.map { [$0] } ?? []) }

  /// `l·Σ kernel²` and `l·Σ bias²` for the regularizers that are set.
  public func regularizationLosses(tape: Tape?) -> [Variable] {
    kernelRegularizer.penalties(of: kernel, tape: tape)
      + biasRegularizer.penalties(of: bias, tape: tape)
  }

  /// The layer applied to `x`; `training` makes no difference to a Dense layer.
  public func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable {
    try self(x, tape: tape)
  }

  /// The layer applied to `x` (rank ≥ 2); its weights are watched on `tape` when given.
  ///
  /// - Throws: ``LayerError`` when the last axis of `x` is not `inputSize`.
  public func callAsFunction(_ x: Variable, tape: Tape?) throws -> Variable {
    guard x.value.rank >= 2, x.shape[x.value.rank - 1] == inputSize else {
      throw LayerError(
        layer: name, reason: "input shape \(x.shape) does not end in \(inputSize) features")
    }
    let w = tape.map { $0.watch(kernel) } ?? Variable(constant: kernel.value)
    let b = bias.map { bias in tape.map { $0.watch(bias) } ?? Variable(constant: bias.value) }
    return affine(x, kernel: w, bias: b, activation: activation)
  }
}
