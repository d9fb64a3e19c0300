/// The two models of the DCN tutorial's toy example (TFRS's `Model(tfrs.layers.dcn.Cross())`
/// and `Model(Sequential([Dense(512, relu), Dense(256, relu), Dense(128, relu)]))`): a body
/// on the three mixer features, then a `Dense(1)` logit, trained with a ``Ranking`` task
/// (mean squared error) and reporting RMSE.
///
///     var rng = SplitMix64(seed: 42)
///     let cross = try MixerModel(.cross, using: &rng)      // 12 + 4 = 16 parameters
///     let deep = try MixerModel(.deep, using: &rng)        // 166,401 parameters
///     try Trainer(model: cross, optimizer: Adagrad(learningRate: 0.4))
///       .fit(train: data.batches(size: 1000), epochs: 100)
public final class MixerModel: RecommenderModel {
  /// Which body the model has.
  public enum Kind: String, CaseIterable, Sendable {
    /// One full-rank ``Cross`` layer (TFRS's defaults: truncated-normal kernel, zero bias).
    case cross
    /// ReLU Dense layers of 512, 256 and 128 units.
    case deep
  }

  /// Which body.
  public let kind: Kind
  /// The cross layer (``Kind/cross``).
  public let cross: Cross?
  /// The ReLU stack (``Kind/deep``).
  public let deep: MLP?
  /// `Dense(1)` on the body's output.
  public let logit: Dense
  /// Mean squared error with an RMSE metric named `RMSE`, as in the tutorial.
  public let task = Ranking(loss: .meanSquaredError, metrics: [RootMeanSquaredError(name: "RMSE")])

  /// A model of `kind` with new weights from `rng`.
  ///
  /// - Throws: ``LayerError`` (never, for these fixed sizes).
  public init<G: RandomNumberGenerator>(_ kind: Kind, using rng: inout G) throws {
    self.kind = kind
    switch kind {
    case .cross:
      cross = try Cross(inputSize: 3, name: "cross", using: &rng)
      deep = nil
      logit = Dense(inputSize: 3, outputSize: 1, name: "dense", using: &rng)
    case .deep:
      cross = nil
      deep = try MLP(
        inputSize: 3, layerSizes: [512, 256, 128], activation: .relu, finalActivation: .relu,
        name: "sequential", using: &rng)
      logit = Dense(inputSize: 128, outputSize: 1, name: "dense", using: &rng)
    }
  }

  public var parameters: [Parameter] {
    (cross?.parameters ?? []) + (deep?.parameters ?? []) + logit.parameters
  }
  public var tasks: [any RecommenderTask] { [task] }

  /// The number of trainable scalars (Keras `count_params()`).
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.scalarCount } }

  /// The predictions for `x` (`[rows, 3]`), `[rows, 1]`.
  public func predict(_ x: Variable, tape: Tape?) throws -> Variable {
    let body = try cross.map { try $0(x, tape: tape, training: false) }
      ?? deep!(x, tape: tape)
    return try logit(body, tape: tape)
  }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let column = try batch.column("features")
    guard let x = column.floatValues, column.isList, x.count == 3 * batch.rowCount else {
      throw RecommenderError(
        component: "MixerModel", reason: "expects a 'features' column of 3 floats per row")
    }
    let y = try batch.float("label")
    let predictions = try predict(
      Variable(constant: Tensor(shape: [batch.rowCount, 3], scalars: x)), tape: tape)
    return try task.loss(labels: Tensor(shape: [y.count, 1], scalars: y), predictions: predictions)
  }
}
