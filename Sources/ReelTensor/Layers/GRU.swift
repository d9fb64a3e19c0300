/// Keras `GRU(units)` with tf-keras 2.21's defaults: `reset_after=True`, tanh activation,
/// sigmoid recurrent activation, gate columns ordered z, r, h; a `glorot_uniform` kernel
/// `[features, 3·units]`, an `orthogonal` recurrent kernel `[units, 3·units]` and a zero bias
/// `[2, 3·units]` (input bias, then recurrent bias).
///
/// Inputs are `[batch, time, features]`. With a mask (for example
/// ``Embedding/mask(for:)`` of `maskZero` ids), a masked step carries the previous state. The
/// layer returns the last output `[batch, units]` (the sequential-retrieval tutorial's query
/// tower), or every step's `[batch, time, units]` with `returnSequences`. Training
/// differentiates back through time (see
/// ``gruSequence(_:kernel:recurrentKernel:bias:initialState:mask:returnSequences:)``).
/// Parameters: `"gru/kernel"`, `"gru/recurrent_kernel"`, `"gru/bias"`.
///
///     var rng = SplitMix64(seed: 42)
///     let movies = Embedding(inputDim: 3953, outputDim: 32, maskZero: true, using: &rng)
///     let gru = GRU(inputSize: 32, units: 32, using: &rng)
///     let history = try movies(ids, batch: 128, time: 10, tape: tape)
///     let query = try gru(history, mask: movies.mask(for: ids), tape: tape)   // [128, 32]
public struct GRU: UnaryLayer {
  /// `[features, 3·units]`.
  public let kernel: Parameter
  /// `[units, 3·units]`.
  public let recurrentKernel: Parameter
  /// `[2, 3·units]`, or nil without bias.
  public let bias: Parameter?
  /// Whether the layer returns every step's output instead of the last one.
  public let returnSequences: Bool
  /// Keras `kernel_regularizer`, `recurrent_regularizer`, `bias_regularizer`.
  public let kernelRegularizer: L2?
  public let recurrentRegularizer: L2?
  public let biasRegularizer: L2?
  /// The layer's name, the prefix of its parameter names.
  public let name: String

  /// A layer with new weights drawn from `rng`: the kernel by `kernelInitializer`, then the
  /// recurrent kernel by `recurrentInitializer` (Keras's defaults `glorot_uniform` and
  /// `orthogonal`), and a zero bias.
  public init<G: RandomNumberGenerator>(
    inputSize: Int, units: Int, useBias: Bool = true, returnSequences: Bool = false,
    kernelInitializer: WeightInitializer = .glorotUniform,
    recurrentInitializer: WeightInitializer = .orthogonal(),
    kernelRegularizer: L2? = nil, recurrentRegularizer: L2? = nil, biasRegularizer: L2? = nil,
    name: String = "gru", using rng: inout G
  ) {
    precondition(inputSize > 0 && units > 0, "GRU \(name): sizes must be positive")
    let kernel = kernelInitializer.make(shape: [inputSize, 3 * units], using: &rng)
    let recurrent = recurrentInitializer.make(shape: [units, 3 * units], using: &rng)
    self.init(
      kernel: Parameter(name: "\(name)/kernel", value: kernel),
      recurrentKernel: Parameter(name: "\(name)/recurrent_kernel", value: recurrent),
      bias: useBias ? Parameter(name: "\(name)/bias", value: Tensor(shape: [2, 3 * units])) : nil,
      returnSequences: returnSequences, kernelRegularizer: kernelRegularizer,
      recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer, name: name)
  }

  /// A layer around existing weights (for example loaded ones, or Keras's `get_weights()`).
  public init(
    kernel: Parameter, recurrentKernel: Parameter, bias: Parameter?,
    returnSequences: Bool = false, kernelRegularizer: L2? = nil,
    recurrentRegularizer: L2? = nil, biasRegularizer: L2? = nil, name: String = "gru"
  ) {
    let units = recurrentKernel.value.shape.first ?? 0
    precondition(
      recurrentKernel.value.shape == [units, 3 * units],
      "GRU \(name): recurrent kernel \(recurrentKernel.value.shape) is not [units, 3·units]")
    precondition(
      kernel.value.rank == 2 && kernel.value.shape[1] == 3 * units,
      "GRU \(name): kernel \(kernel.value.shape) is not [features, \(3 * units)]")
    if let bias = bias {
      precondition(
        bias.value.shape == [2, 3 * units],
        "GRU \(name): bias \(bias.value.shape) is not [2, \(3 * units)] (reset_after)")
    }
    self.kernel = kernel
    self.recurrentKernel = recurrentKernel
    self.bias = bias
    self.returnSequences = returnSequences
    self.kernelRegularizer = kernelRegularizer
    self.recurrentRegularizer = recurrentRegularizer
    self.biasRegularizer = biasRegularizer
    self.name = name
  }

  /// The size of the inputs' last axis.
  public var inputSize: Int { kernel.value.shape[0] }
  /// The size of the state.
  public var units: Int { recurrentKernel.value.shape[0] }
  /// The kernel, the recurrent kernel and the bias.
  public var parameters: [Parameter] {
    [kernel, recurrentKernel] + (bias.map { [$0] } ?? [])
  }

  /// The penalties of the regularizers that are set.
  public func regularizationLosses(tape: Tape?) -> [Variable] {
    kernelRegularizer.penalties(of: kernel, tape: tape)
      + recurrentRegularizer.penalties(of: recurrentKernel, tape: tape)
      + biasRegularizer.penalties(of: bias, tape: tape)
  }

  /// The layer run over `x` (`[batch, time, inputSize]`).
  ///
  /// - Parameters:
  ///   - mask: one flag per `[batch, time]` position (row-major); false steps are skipped.
  ///   - initialState: `[batch, units]`, zeros when nil (Keras `initial_state`).
  /// - Throws: ``LayerError`` when the shapes or the mask do not fit.
  public func callAsFunction(
    _ x: Variable, mask: [Bool]? = nil, initialState: Variable? = nil, tape: Tape?
  ) throws -> Variable {
    guard x.value.rank == 3, x.shape[2] == inputSize else {
      throw LayerError(
        layer: name,
        reason: "input shape \(x.shape) is not [batch, time, \(inputSize)]")
    }
    let (batch, time) = (x.shape[0], x.shape[1])
    guard time > 0 else { throw LayerError(layer: name, reason: "input has no time steps") }
    if let mask = mask, mask.count != batch * time {
      throw LayerError(
        layer: name, reason: "mask has \(mask.count) entries for [\(batch), \(time)] steps")
    }
    if let state = initialState, state.shape != [batch, units] {
      throw LayerError(
        layer: name, reason: "initial state shape \(state.shape) is not [\(batch), \(units)]")
    }
    func read(_ p: Parameter) -> Variable {
      tape.map { $0.watch(p) } ?? Variable(constant: p.value)
    }
    return gruSequence(
      x, kernel: read(kernel), recurrentKernel: read(recurrentKernel), bias: bias.map(read),
      initialState: initialState, mask: mask, returnSequences: returnSequences)
  }

  /// The layer run over `x` without a mask; `training` makes no difference.
  public func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable {
    try self(x, tape: tape)
  }
}
