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
/// Repeated ids must be summed first, which ``Tape`` gradients already are.
///
///     let optimizer = Adagrad(learningRate: 0.1)
///     optimizer.apply(gradients, to: parameters)
public final class Adagrad: Optimizer {
  public var learningRate: Float
  /// The accumulators' starting value.
  public let initialAccumulatorValue: Float
  /// Added under the square root.
  public let epsilon: Float
  public private(set) var iterations = 0
  private var accumulators = OptimizerSlots()

  /// An optimizer with Keras's defaults (`learningRate` 0.001 in Keras; TFRS uses 0.1).
  public init(
    learningRate: Float = 0.001, initialAccumulatorValue: Float = 0.1, epsilon: Float = 1e-7
  ) {
    self.learningRate = learningRate
    self.initialAccumulatorValue = initialAccumulatorValue
    self.epsilon = epsilon
  }

  /// The accumulator of `parameter`, once it has been updated.
  public func accumulator(for parameter: Parameter) -> Tensor? {
    accumulators.value(for: parameter)
  }

  public func apply(_ gradients: [Gradient], to parameters: [Parameter]) {
    OptimizerChecks.check(gradients, parameters, "Adagrad")
    let lr = learningRate
    let eps = epsilon
    for (gradient, parameter) in zip(gradients, parameters) {
      var accumulator = accumulators.take(
        for: parameter,
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
      accumulators.set(accumulator, for: parameter)
    }
    iterations += 1
  }
}
