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
  /// The velocity's decay (0: plain gradient descent).
  public let momentum: Float
  /// Whether to use Nesterov momentum.
  public let nesterov: Bool
  private var core: OptimizerCore

  /// An optimizer with Keras's defaults (learning rate 0.01, no momentum).
  public init(learningRate: Float = 0.01, momentum: Float = 0, nesterov: Bool = false) {
    precondition(momentum >= 0 && momentum <= 1, "SGD: momentum must be in [0, 1]")
    self.momentum = momentum
    self.nesterov = nesterov
    core = OptimizerCore(learningRate: learningRate, schedule: nil)
  }

  /// An optimizer whose rate follows `schedule`.
  public convenience init(
    learningRate schedule: any LearningRateSchedule, momentum: Float = 0, nesterov: Bool = false
  ) {
    self.init(
      learningRate: schedule.learningRate(atStep: 0), momentum: momentum, nesterov: nesterov)
    core.schedule = schedule
  }

  public var name: String { "SGD" }
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
  public var slotNames: [String] { momentum == 0 ? [] : ["m"] }
  public var hyperparameters: [String: String] {
    ["momentum": metadataText(momentum), "nesterov": "\(nesterov)"]
  }

  public func apply(_ gradients: [Gradient], to parameters: [Parameter]) {
    let prepared = core.prepare(gradients, parameters, name)
    let lr = core.learningRate
    defer { core.iterations += 1 }
    for (gradient, parameter) in zip(prepared, parameters) {
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
      var m = core.take("m", for: parameter, initial: Tensor(shape: parameter.value.shape))
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
      core.set("m", m, for: parameter)
    }
  }

  public func state(for parameters: [Parameter]) -> OptimizerState {
    core.state(for: parameters, slotNames: slotNames) { _, p in Tensor(shape: p.value.shape) }
  }

  public func restore(_ state: OptimizerState, for parameters: [Parameter]) {
    core.restore(state, for: parameters, slotNames: slotNames, optimizer: name)
  }
}
