/// Updates parameters from their gradients, keeping per-parameter state (slots) between steps.
///
/// Every optimizer takes a constant learning rate or a ``LearningRateSchedule``, and clips
/// gradients as its ``clipping`` says before updating (Keras order: clip, then sum the rows of
/// repeated sparse indices, then update). Its state (``state(for:)``) can be saved with the
/// parameters in a weight file (``WeightFile``).
///
///     let optimizer = Adagrad(learningRate: 0.1)
///     optimizer.clipping = .norm(1)
///     let grads = tape.gradient(of: loss, wrt: parameters)
///     optimizer.apply(grads, to: parameters)
public protocol Optimizer: AnyObject {
  /// Keras's class name (`"Adagrad"`, `"SGD"`, `"Adam"`), recorded in weight files.
  var name: String { get }
  /// The rate the next step uses: the constant rate, or the schedule's rate at step
  /// ``iterations``. Setting it replaces any schedule with that constant.
  var learningRate: Float { get set }
  /// The schedule the rate follows, or nil for a constant rate.
  var schedule: (any LearningRateSchedule)? { get set }
  /// How gradients are clipped before each update (``GradientClipping/none`` by default).
  var clipping: GradientClipping { get set }
  /// The number of ``apply(_:to:)`` calls so far (Keras `iterations`).
  var iterations: Int { get }
  /// The names of the tensors kept per parameter, in Keras's words (`["accumulator"]` for
  /// Adagrad, `["m", "v"]` for Adam, `["m"]` for SGD with momentum, `[]` without).
  var slotNames: [String] { get }
  /// The hyperparameters, as text for weight-file metadata (`["epsilon": "1e-07", …]`).
  var hyperparameters: [String: String] { get }
  /// One update of each parameter with its gradient (same order). Sparse gradients update
  /// only their rows where the optimizer's Keras semantics allow it (see each optimizer).
  func apply(_ gradients: [Gradient], to parameters: [Parameter])
  /// The step count and, for each slot name, the slot of every parameter in order (the
  /// initial value for a parameter not yet updated).
  func state(for parameters: [Parameter]) -> OptimizerState
  /// Replaces the step count and the slots of `parameters` with `state`'s.
  ///
  /// - Precondition: `state` has this optimizer's slot names, one tensor per parameter, each
  ///   of its parameter's shape (``WeightFile`` checks this and throws before calling).
  func restore(_ state: OptimizerState, for parameters: [Parameter])
}

/// What an optimizer carries from one step to the next, for a list of parameters.
///
///     let state = optimizer.state(for: [table])
///     state.iterations                 // 3
///     state.slots["accumulator"]?[0]   // table's Adagrad accumulator
public struct OptimizerState: Equatable {
  /// The number of steps taken.
  public var iterations: Int
  /// For each slot name, one tensor per parameter in the order given.
  public var slots: [String: [Tensor]]

  /// A state of `iterations` steps with `slots`.
  public init(iterations: Int, slots: [String: [Tensor]]) {
    self.iterations = iterations
    self.slots = slots
  }
}

/// The part every optimizer shares: learning rate or schedule, clipping, step count, slots.
struct OptimizerCore {
  var constantLearningRate: Float
  var schedule: (any LearningRateSchedule)?
  var clipping: GradientClipping = .none
  var iterations = 0
  /// Slot name → per-parameter tensors.
  var slots: [String: OptimizerSlots] = [:]

  init(learningRate: Float, schedule: (any LearningRateSchedule)?) {
    constantLearningRate = learningRate
    self.schedule = schedule
  }

  var learningRate: Float {
    get { schedule?.learningRate(atStep: iterations) ?? constantLearningRate }
    set {
      constantLearningRate = newValue
      schedule = nil
    }
  }

  /// Checks `gradients` against `parameters`, clips them, and coalesces sparse ones (sorted
  /// unique indices, repeated rows summed) as the updates require.
  func prepare(_ gradients: [Gradient], _ parameters: [Parameter], _ optimizer: String)
    -> [Gradient]
  {
    precondition(
      gradients.count == parameters.count,
      "\(optimizer): \(gradients.count) gradients for \(parameters.count) parameters")
    for (g, p) in zip(gradients, parameters) {
      precondition(
        g.shape == p.value.shape,
        "\(optimizer): gradient shape \(g.shape) differs from parameter \(p.name) \(p.value.shape)")
    }
    return clipping.apply(to: gradients).map { g in
      guard case .sparse(let s) = g else { return g }
      let sortedUnique = zip(s.indices, s.indices.dropFirst()).allSatisfy { $0 < $1 }
      return sortedUnique ? g : .sparse(s.coalesced())
    }
  }

  /// The slots of `parameters`; `initial` gives a new slot's value for a parameter.
  func state(
    for parameters: [Parameter], slotNames: [String], initial: (String, Parameter) -> Tensor
  ) -> OptimizerState {
    var out: [String: [Tensor]] = [:]
    for name in slotNames {
      out[name] = parameters.map { p in
        slots[name]?.value(for: p) ?? initial(name, p)
      }
    }
    return OptimizerState(iterations: iterations, slots: out)
  }

  mutating func restore(
    _ state: OptimizerState, for parameters: [Parameter], slotNames: [String], optimizer: String
  ) {
    precondition(
      Set(state.slots.keys) == Set(slotNames),
      "\(optimizer).restore: slots \(state.slots.keys.sorted()) are not \(slotNames)")
    for name in slotNames {
      let values = state.slots[name]!
      precondition(
        values.count == parameters.count,
        "\(optimizer).restore: \(values.count) '\(name)' slots for \(parameters.count) parameters")
      for (value, p) in zip(values, parameters) {
        precondition(
          value.shape == p.value.shape,
          "\(optimizer).restore: '\(name)' of \(p.name) has shape \(value.shape), "
            + "the parameter \(p.value.shape)")
        slots[name, default: OptimizerSlots()].set(value, for: p)
      }
    }
    iterations = state.iterations
  }
}

/// Per-parameter optimizer state, created on first use.
struct OptimizerSlots {
  private var slots: [ObjectIdentifier: Tensor] = [:]

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

extension OptimizerCore {
  /// Removes and returns slot `name` of `parameter` for writing in place.
  mutating func take(_ name: String, for parameter: Parameter, initial: @autoclosure () -> Tensor)
    -> Tensor
  {
    slots[name, default: OptimizerSlots()].take(for: parameter, initial: initial())
  }

  /// Stores slot `name` of `parameter`.
  mutating func set(_ name: String, _ value: Tensor, for parameter: Parameter) {
    slots[name, default: OptimizerSlots()].set(value, for: parameter)
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

/// `value` as text for weight-file metadata.
func metadataText(_ value: Float) -> String { "\(value)" }
