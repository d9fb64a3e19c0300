import Foundation

/// Adagrad with Keras semantics (`tf.keras.optimizers.Adagrad`, the optimizer of the TFRS
/// tutorials): each weight's accumulator starts at `initialAccumulatorValue` (0.1), and a step
/// is
///
///     accumulator += g²
///     weight -= learningRate · g / sqrt(accumulator + epsilon)      // epsilon 1e-7
///
/// Sparse gradients (embedding rows) update only their rows; this is exact, not an
/// approximation, since a zero gradient leaves both accumulator and weight unchanged.
///
///     let optimizer = Adagrad(learningRate: 0.1)
///     optimizer.apply(gradients, to: parameters)
public final class Adagrad: Optimizer {
  /// The accumulators' starting value.
  public let initialAccumulatorValue: Float
  /// Added under the square root.
  public let epsilon: Float
  private var core: OptimizerCore

  /// An optimizer with Keras's defaults (`learningRate` 0.001 in Keras; TFRS uses 0.1).
  public init(
    learningRate: Float = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7
  ) {
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
    core = OptimizerCore(learningRate: learningRate, schedule: nil)
  }

  /// An optimizer whose rate follows `schedule`.
  public convenience init(
    learningRate schedule: any LearningRateSchedule, initialAccumulatorValue: Float = 0.1,
    epsilon: Float = 1e-7
  ) {
    self.init(
      learningRate: schedule.learningRate(atStep: 0),
      initialAccumulatorValue: initialAccumulatorValue, epsilon: epsilon)
    core.schedule = schedule
  }

  public var name: String { "Adagrad" }
  public var learningRate: Float {
    get { core.learningRate }
    set { core.learningRate = newValue }
  }
  public var schedule: (any LearningRateSchedule)? {
    get { core.schedule }
    set { core.schedule = newValue }
  }
  public var clipping: GradientClipping {
    get { core.clipping }
    set { core.clipping = newValue }
  }
  public var iterations: Int { core.iterations }
  public var slotNames: [String] { ["accumulator"] }
  public var hyperparameters: [String: String] {
    [
      "initial_accumulator_value": metadataText(initialAccumulatorValue),
      "epsilon": metadataText(epsilon),
    ]
  }

  /// The accumulator of `parameter`, once it has been updated.
  public func accumulator(for parameter: Parameter) -> Tensor? {
    core.slots["accumulator"]?.value(for: parameter)
  }

  public func apply(_ gradients: [Gradient], to parameters: [Parameter]) {
    let prepared = core.prepare(gradients, parameters, name)
    let lr = core.learningRate
    let eps = epsilon
    for (gradient, parameter) in zip(prepared, parameters) {
      var accumulator = core.take(
        "accumulator", for: parameter,
        initial: Tensor(shape: parameter.value.shape, repeating: initialAccumulatorValue))
      switch gradient {
      case .dense(let g):
        g.withUnsafeBufferPointer { gb in
          accumulator.withUnsafeMutableBufferPointer { ab in
            parameter.value.withUnsafeMutableBufferPointer { wb in
              for i in 0..<gb.count {
                ab[i] += gb[i] * gb[i]
                wb[i] -= lr * gb[i] / (ab[i] + eps).squareRoot()
              }
            }
          }
        }
      case .sparse(let sparse):
        let width = sparse.rows.rowWidth
        sparse.forEachRow(of: &accumulator) { index, accumulatorRow, g in
          for j in 0..<width { accumulatorRow[j] += g[j] * g[j] }
        }
        sparse.forEachRow(of: &parameter.value) { index, weightRow, g in
          accumulator.withUnsafeBufferPointer { ab in
            let a = ab.baseAddress! + index * width
            for j in 0..<width { weightRow[j] -= lr * g[j] / (a[j] + eps).squareRoot() }
          }
        }
      }
      core.set("accumulator", accumulator, for: parameter)
    }
    core.iterations += 1
  }

  public func state(for parameters: [Parameter]) -> OptimizerState {
    core.state(for: parameters, slotNames: slotNames) { _, p in
      Tensor(shape: p.value.shape, repeating: initialAccumulatorValue)
    }
  }

  public func restore(_ state: OptimizerState, for parameters: [Parameter]) {
    core.restore(state, for: parameters, slotNames: slotNames, optimizer: name)
  }
}
