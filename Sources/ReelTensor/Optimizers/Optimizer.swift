/// Updates parameters from their gradients, keeping per-parameter state (slots) between steps.
///
///     let optimizer = Adagrad(learningRate: 0.1)
///     let grads = tape.gradient(of: loss, wrt: parameters)
///     optimizer.apply(grads, to: parameters)
public protocol Optimizer: AnyObject {
  /// The step size.
  var learningRate: Float { get set }
  /// The number of ``apply(_:to:)`` calls so far (Keras `iterations`).
  var iterations: Int { get }
  /// One update of each parameter with its gradient (same order). Sparse gradients update
  /// only their rows where the optimizer's Keras semantics allow it (see each optimizer).
  func apply(_ gradients: [Gradient], to parameters: [Parameter])
}

/// Per-parameter optimizer state, created on first use.
struct OptimizerSlots {
  private var slots: [ObjectIdentifier: Tensor] = [:]

  /// The slot of `parameter`, created with `initial` the first time.
  mutating func slot(for parameter: Parameter, initial: @autoclosure () -> Tensor) -> Tensor {
    if let existing = slots[ObjectIdentifier(parameter)] { return existing }
    let created = initial()
    slots[ObjectIdentifier(parameter)] = created
    return created
  }

  /// Replaces the slot of `parameter`.
  mutating func set(_ value: Tensor, for parameter: Parameter) {
    slots[ObjectIdentifier(parameter)] = value
  }

  /// Removes and returns the slot (so the caller holds the only reference and can write it
  /// in place), creating it with `initial` the first time.
  mutating func take(for parameter: Parameter, initial: @autoclosure () -> Tensor) -> Tensor {
    slots.removeValue(forKey: ObjectIdentifier(parameter)) ?? initial()
  }

  /// The slot of `parameter`, if it exists.
  func value(for parameter: Parameter) -> Tensor? { slots[ObjectIdentifier(parameter)] }
}

/// Checks shared by the optimizers.
enum OptimizerChecks {
  static func check(_ gradients: [Gradient], _ parameters: [Parameter], _ optimizer: String) {
    precondition(
      gradients.count == parameters.count,
      "\(optimizer): \(gradients.count) gradients for \(parameters.count) parameters")
    for (g, p) in zip(gradients, parameters) {
      precondition(
        g.shape == p.value.shape,
        "\(optimizer): gradient shape \(g.shape) differs from parameter \(p.name) \(p.value.shape)")
    }
  }
}

extension SparseRowGradient {
  /// Calls `body(row, gradient)` with pointers to the row of `table` and the matching
  /// gradient row, for every listed index (indices must be unique: coalesce first).
  func forEachRow(
    of table: inout Tensor,
    _ body: (_ index: Int, _ row: UnsafeMutablePointer<Float>, _ gradient: UnsafePointer<Float>) ->
      Void
  ) {
    let width = rows.rowWidth
    rows.withUnsafeBufferPointer { g in
      table.withUnsafeMutableBufferPointer { t in
        guard let gBase = g.baseAddress, let tBase = t.baseAddress else { return }
        for (i, index) in indices.enumerated() {
          body(Int(index), tBase + Int(index) * width, gBase + i * width)
        }
      }
    }
  }
}
