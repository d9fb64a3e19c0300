/// What every ReelTensor layer shares: a name, its named trainable ``Parameter``s (saved and
/// loaded by name), and the regularization losses its weights add to the training loss.
///
/// Parameter names are the layer's name, then the Keras weight name, joined by `/`
/// (`"rating/kernel"`, `"gru/recurrent_kernel"`); a layer built from sub-layers prefixes
/// theirs with its own name (`"mlp/dense_1/kernel"`, `"cross/dense/kernel"`), as Keras names
/// variables inside a model's scope (without the `:0` suffix).
///
///     var rng = SplitMix64(seed: 7)
///     let layer: any Layer = Dense(inputSize: 4, outputSize: 2, name: "score", using: &rng)
///     layer.parameters.map(\.name)   // ["score/kernel", "score/bias"]
public protocol Layer {
  /// The layer's name: the prefix of its parameter names, and the subject of its errors.
  var name: String { get }
  /// The trainable parameters, in a fixed order.
  var parameters: [Parameter] { get }
  /// The weight penalties the layer adds to the loss (Keras `layer.losses` for weight
  /// regularizers), computed from the current weights and recorded on `tape` when given, so
  /// their gradients reach the weights. Empty when the layer has no regularizer.
  func regularizationLosses(tape: Tape?) -> [Variable]
}

extension Layer {
  /// No regularizers.
  public func regularizationLosses(tape: Tape?) -> [Variable] { [] }
}

/// A layer that maps one tensor to one tensor, so it can be stacked in a ``Sequential``.
///
/// `training` is Keras's `training` argument: ``Dropout`` drops units only when it is true;
/// the other layers ignore it.
public protocol UnaryLayer: Layer {
  /// The layer applied to `x`; its weights are watched on `tape` when given.
  ///
  /// - Throws: ``LayerError`` when `x` does not fit the layer.
  func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable
}

/// The sum of every regularization loss of `layers` (TFRS `Model.train_step`'s
/// `regularization_loss = sum(reduce_sum(l) for l in self.losses)`), recorded on `tape`; nil
/// when no layer has a regularizer.
///
///     let total = loss + (regularizationLoss(of: [mlp, cross], tape: tape) ?? 0)
///
/// - Complexity: O(total size of the regularized weights).
public func regularizationLoss(of layers: [any Layer], tape: Tape?) -> Variable? {
  let terms = layers.flatMap { $0.regularizationLosses(tape: tape) }
  guard var total = terms.first else { return nil }
  for term in terms.dropFirst() { total = total + term }
  return total
}

/// The parameters of `layers`, checked to have unique names (weight files key on them).
///
/// - Throws: ``LayerError`` naming `container` and the repeated parameter name.
func uniquelyNamedParameters(of layers: [any Layer], container: String) throws -> [Parameter] {
  let parameters = layers.flatMap(\.parameters)
  var seen = Set<String>()
  for p in parameters where !seen.insert(p.name).inserted {
    throw LayerError(
      layer: container,
      reason: "two parameters are named '\(p.name)'; give the layers distinct names")
  }
  return parameters
}
