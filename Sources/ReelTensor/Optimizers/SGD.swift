/// Stochastic gradient descent with optional (Nesterov) momentum, as
/// `tf.keras.optimizers.SGD`:
///
///     m = momentum · m − learningRate · g
///     weight += m                                   // Nesterov: weight += momentum · m − learningRate · g
///
/// Without momentum a sparse gradient updates only its rows. With momentum, Keras decays the
/// whole velocity and moves every row every step, and so does this.
///
///     let optimizer = SGD(learningRate: 0.01, momentum: 0.9)
public final class SGD: Optimizer {
  public var learningRate: Float
  /// The velocity's decay (0: plain gradient descent).
  public let momentum: Float
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  public private(set) var iterations = 0
  private var velocities = OptimizerSlots()

  /// An optimizer with Keras's defaults (learning rate 0.01, no momentum).
  public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
    precondition(momentum >= 0 && momentum <= 1, "SGD: momentum must be in [0, 1]")
    self.learningRate = learningRate
    self.momentum = momentum
    self.nesterov = nesterov
  }

  public func apply(_ gradients: [Gradient], to parameters: [Parameter]) {
    OptimizerChecks.check(gradients, parameters, "SGD")
    let lr = learningRate
    for (gradient, parameter) in zip(gradients, parameters) {
      if momentum == 0 {
        switch gradient {
        case .dense(let g): parameter.value.addScaled(g, by: -lr)
        case .sparse(let s):
          let width = s.rows.rowWidth
          s.forEachRow(of: &parameter.value) { _, row, g in
            for j in 0..<width { row[j] += -g[j] * lr }
          }
        }
        continue
      }
      var m = velocities.take(for: parameter, initial: Tensor(shape: parameter.value.shape))
      let g = gradient.densified()
      let mu = momentum
      g.withUnsafeBufferPointer { gb in
        m.withUnsafeMutableBufferPointer { mb in
          parameter.value.withUnsafeMutableBufferPointer { wb in
            for i in 0..<gb.count {
              mb[i] = -gb[i] * lr + mb[i] * mu
              wb[i] += nesterov ? -gb[i] * lr + mb[i] * mu : mb[i]
            }
          }
        }
      }
      velocities.set(m, for: parameter)
    }
    iterations += 1
  }
}
