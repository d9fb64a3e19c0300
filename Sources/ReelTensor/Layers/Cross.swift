/// The DCN-V2 cross layer (TFRS `tfrs.layers.dcn.Cross`):
/// `x₀ ⊙ (preactivation(x·W + b) + diagScale·x) + x`, where `x` defaults to `x₀`.
///
/// Full rank (`projectionDim` nil): `W` is one `[d, d]` Dense kernel. Low rank
/// (`projectionDim` r): `x·W = (x·U)·V` with `U` `[d, r]` (no bias) and `V` `[r, d]` (with
/// the bias and the preactivation), which costs `2·d·r` instead of `d²` per row. The
/// defaults are TFRS's: `truncated_normal` kernels (stddev 0.05), zero bias, no
/// preactivation, `diagScale` 0. The parameters carry Keras's names under the layer's:
/// `cross/dense/kernel` and `cross/dense/bias` (full rank); `cross/dense/kernel` (U),
/// `cross/dense_1/kernel` (V) and `cross/dense_1/bias` (low rank).
///
///     var rng = SplitMix64(seed: 42)
///     let cross = try Cross(inputSize: 192, projectionDim: 20,
///                           kernelInitializer: .glorotUniform, using: &rng)
///     let x1 = try cross(x0, tape: tape)              // x₀ ⊙ (x₀·U·V + b) + x₀
///     let x2 = try cross(x0, x1, tape: tape)          // a second layer crosses x₀ with x1
///     cross.weightMatrix                              // U·V, [192, 192], for a heat map
///
/// - Complexity: O(rows · d²) full rank, O(rows · d · r) low rank.
public struct Cross: UnaryLayer {
  /// Low rank only: `U`, `[d, r]`, no bias.
  public let projection: Dense?
  /// `W` `[d, d]` (full rank) or `V` `[r, d]` (low rank), with the bias and preactivation.
  public let dense: Dense
  /// Added as `diagScale · x` to `x·W` (`W + diagScale·I`).
  public let diagScale: Float
  /// The layer's name, the prefix of its parameter names.
  public let name: String

  /// A layer for inputs of `inputSize` features with new weights drawn from `rng`.
  ///
  /// - Throws: ``LayerError`` when `diagScale` is negative (as TFRS) or a size is not
  ///   positive.
  public init<G: RandomNumberGenerator>(
    inputSize: Int, projectionDim: Int? = nil, diagScale: Float = 0, useBias: Bool = true,
    preactivation: Activation = .linear,
    kernelInitializer: WeightInitializer = .truncatedNormal(),
    kernelRegularizer: L2? = nil, biasRegularizer: L2? = nil, name: String = "cross",
    using rng: inout G
  ) throws {
    guard inputSize > 0 else {
      throw LayerError(layer: name, reason: "input size \(inputSize) is not positive")
    }
    if let r = projectionDim, r <= 0 {
      throw LayerError(layer: name, reason: "projection_dim \(r) is not positive")
    }
    var projection: Dense?
    if let r = projectionDim {
      projection = Dense(
        inputSize: inputSize, outputSize: r, useBias: false, kernelInitializer: kernelInitializer,
        kernelRegularizer: kernelRegularizer, name: "\(name)/dense", using: &rng)
    }
    let dense = Dense(
      inputSize: projectionDim ?? inputSize, outputSize: inputSize, activation: preactivation,
      useBias: useBias, kernelInitializer: kernelInitializer,
      kernelRegularizer: kernelRegularizer, biasRegularizer: biasRegularizer,
      name: projection == nil ? "\(name)/dense" : "\(name)/dense_1", using: &rng)
    try self.init(projection: projection, dense: dense, diagScale: diagScale, name: name)
  }

  /// A layer around existing Dense layers (for example loaded weights): `dense` alone for
  /// full rank, or `projection` (U) then `dense` (V) for low rank.
  ///
  /// - Throws: ``LayerError`` when `diagScale` is negative or the shapes do not chain back to
  ///   the input size.
  public init(projection: Dense?, dense: Dense, diagScale: Float = 0, name: String = "cross")
    throws
  {
    guard diagScale >= 0 else {
      throw LayerError(layer: name, reason: "diag_scale must be non-negative, got \(diagScale)")
    }
    let inputSize = projection?.inputSize ?? dense.inputSize
    guard dense.outputSize == inputSize,
      projection.map({ $0.outputSize == dense.inputSize }) ?? true
    else {
      throw LayerError(
        layer: name,
        reason: "weights do not map \(inputSize) features back to \(inputSize): "
          + ([projection, dense].compactMap { $0.map { "\($0.kernel.value.shape)" } })
          .joined(separator: " then "))
    }
    self.projection = projection
    self.dense = dense
    self.diagScale = diagScale
    self.name = name
  }

  /// The size `d` of the inputs' last axis.
  public var inputSize: Int { dense.outputSize }
  /// `r` for a low-rank layer, nil for full rank.
  public var projectionDim: Int? { projection?.outputSize }

  /// The kernels and the bias (U, then V or W, then the bias).
  public var parameters: [Parameter] { (projection?.parameters ?? []) + dense.parameters }

  /// The kernels' and the bias's penalties.
  public func regularizationLosses(tape: Tape?) -> [Variable] {
    (projection?.regularizationLosses(tape: tape) ?? []) + dense.regularizationLosses(tape: tape)
  }

  /// The learned `[d, d]` matrix `W` (full rank) or `U·V` (low rank), in Keras's
  /// `[input, output]` orientation (`x·W`), without `diagScale·I`: what the DCN tutorial
  /// draws as a heat map of feature interactions.
  public var weightMatrix: Tensor {
    guard let projection = projection else { return dense.kernel.value }
    return matmul(projection.kernel.value, dense.kernel.value)
  }

  /// The cross of `x0` with `x` (`x0` itself when nil): `x0 ⊙ (x·W + b + diagScale·x) + x`.
  ///
  /// - Throws: ``LayerError`` when the shapes differ or the last axis is not `inputSize`.
  public func callAsFunction(_ x0: Variable, _ x: Variable? = nil, tape: Tape?) throws
    -> Variable
  {
    let x = x ?? x0
    guard x0.shape == x.shape else {
      throw LayerError(
        layer: name, reason: "x0 shape \(x0.shape) and x shape \(x.shape) differ")
    }
    guard x.value.rank >= 2, x.shape[x.value.rank - 1] == inputSize else {
      throw LayerError(
        layer: name, reason: "input shape \(x.shape) does not end in \(inputSize) features")
    }
    var product = try dense(try projection.map { try $0(x, tape: tape) } ?? x, tape: tape)
    if diagScale != 0 { product = product + x * diagScale }
    return x0 * product + x
  }

  /// The cross of `x` with itself (TFRS `cross(x)`); `training` makes no difference.
  public func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable {
    try self(x, nil, tape: tape)
  }
}
