import Foundation

/// Adam with Keras semantics (`tf.keras.optimizers.Adam`, defaults β₁ 0.9, β₂ 0.999,
/// ε 1e-7): with step t = iterations + 1,
///
///     m += (g − m)·(1 − β₁);  v += (g² − v)·(1 − β₂)
///     weight −= m · α / (sqrt(v) + ε),   α = learningRate · sqrt(1 − β₂ᵗ) / (1 − β₁ᵗ)
///
/// Keras applies a sparse gradient densely (every row's moments decay and every row moves).
/// That is the default here too; `lazySparseUpdates` instead touches only the gradient's rows
/// (TF Addons' LazyAdam), far cheaper for large embedding tables but not Keras's numbers.
///
///     let optimizer = Adam(learningRate: 0.001)
public final class Adam: Optimizer {
  public let beta1: Float
  public let beta2: Float
  public let epsilon: Float
  /// Update only the rows of sparse gradients.
  public let lazySparseUpdates: Bool
  private var core: OptimizerCore

  /// An optimizer with Keras's defaults.
  public init(
    learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-7,
    lazySparseUpdates: Bool = false
  ) {
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
    self.lazySparseUpdates = lazySparseUpdates
    core = OptimizerCore(learningRate: learningRate, schedule: nil)
  }

  /// An optimizer whose rate follows `schedule`.
  public convenience init(
    learningRate schedule: any LearningRateSchedule, beta1: Float = 0.9, beta2: Float = 0.999,
    epsilon: Float = 1e-7, lazySparseUpdates: Bool = false
  ) {
    self.init(
      learningRate: schedule.learningRate(atStep: 0), beta1: beta1, beta2: beta2,
      epsilon: epsilon, lazySparseUpdates: lazySparseUpdates)
    core.schedule = schedule
  }

  public var name: String { "Adam" }
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
  public var slotNames: [String] { ["m", "v"] }
  public var hyperparameters: [String: String] {
    [
      "beta_1": metadataText(beta1), "beta_2": metadataText(beta2),
      "epsilon": metadataText(epsilon), "lazy_sparse_updates": "\(lazySparseUpdates)",
    ]
  }

  public func state(for parameters: [Parameter]) -> OptimizerState {
    core.state(for: parameters, slotNames: slotNames) { _, p in Tensor(shape: p.value.shape) }
  }

  public func restore(_ state: OptimizerState, for parameters: [Parameter]) {
    core.restore(state, for: parameters, slotNames: slotNames, optimizer: name)
  }

  public func apply(_ gradients: [Gradient], to parameters: [Parameter]) {
    let prepared = core.prepare(gradients, parameters, name)
    let learningRate = core.learningRate
    let step = Float(core.iterations + 1)
    let b1 = beta1
    let b2 = beta2
    let eps = epsilon
    let alpha =
      learningRate * (1 - Foundation.pow(b2, step)).squareRoot() / (1 - Foundation.pow(b1, step))
    for (gradient, parameter) in zip(prepared, parameters) {
      let shape = parameter.value.shape
      var m = core.take("m", for: parameter, initial: Tensor(shape: shape))
      var v = core.take("v", for: parameter, initial: Tensor(shape: shape))
      if case .sparse(let sparse) = gradient, lazySparseUpdates {
        let width = sparse.rows.rowWidth
        sparse.forEachRow(of: &m) { _, row, g in
          for j in 0..<width { row[j] += (g[j] - row[j]) * (1 - b1) }
        }
        sparse.forEachRow(of: &v) { _, row, g in
          for j in 0..<width { row[j] += (g[j] * g[j] - row[j]) * (1 - b2) }
        }
        m.withUnsafeBufferPointer { mb in
          v.withUnsafeBufferPointer { vb in
            sparse.forEachRow(of: &parameter.value) { index, row, _ in
              for j in 0..<width {
                let k = index * width + j
                row[j] -= mb[k] * alpha / (vb[k].squareRoot() + eps)
              }
            }
          }
        }
      } else {
        let g = gradient.densified()
        g.withUnsafeBufferPointer { gb in
          m.withUnsafeMutableBufferPointer { mb in
            v.withUnsafeMutableBufferPointer { vb in
              parameter.value.withUnsafeMutableBufferPointer { wb in
                for i in 0..<gb.count {
                  mb[i] += (gb[i] - mb[i]) * (1 - b1)
                  vb[i] += (gb[i] * gb[i] - vb[i]) * (1 - b2)
                  wb[i] -= mb[i] * alpha / (vb[i].squareRoot() + eps)
                }
              }
            }
          }
        }
      }
      core.set("m", m, for: parameter)
      core.set("v", v, for: parameter)
    }
    core.iterations += 1
  }
}
