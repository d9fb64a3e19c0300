/// A record of the operations that computed some ``Variable``s, for reverse-mode automatic
/// differentiation.
///
/// Watch the tensors (or ``Parameter``s) to differentiate with respect to, compute with them,
/// then ask for the gradient of a result. Each operation recorded its backward pass when it
/// ran; ``gradient(of:wrt:seed:)`` walks them from the result back to the watched leaves,
/// summing the contributions that reach each node. Lookups into a table give sparse gradients
/// (``SparseRowGradient``) as long as nothing reads the table densely.
///
///     let tape = Tape()
///     let x = tape.watch(Tensor(rows: [[1, 2]]))
///     let w = tape.watch(Tensor(rows: [[3], [4]]))
///     let y = matmul(x, w).sum()                     // 11
///     let grads = tape.gradient(of: y, wrt: [x, w])
///     grads[0].densified().scalars                   // [3, 4]
///     grads[1].densified().scalars                   // [1, 2]
///
/// A tape is meant for one forward and one backward pass (one training step); it keeps every
/// recorded intermediate alive until it is released.
public final class Tape {
  /// One recorded value: its inputs' nodes (−1 for constants) and its backward pass, which
  /// maps the gradient of the value to the gradients of the inputs (nil where an input needs
  /// none). Leaves have no backward pass.
  struct Node {
    let inputs: [Int]
    let shape: [Int]
    let backward: ((Tensor) -> [Gradient?])?
  }

  private(set) var nodes: [Node] = []
  private var parameterNodes: [ObjectIdentifier: Int] = [:]

  /// An empty tape.
  public init() {}

  /// The number of recorded values (leaves and operation results).
  public var count: Int { nodes.count }

  /// Records `value` as a leaf to differentiate with respect to.
  ///
  ///     let tape = Tape()
  ///     let w = tape.watch(Tensor([1]))
  ///     w.isRecorded   // true
  public func watch(_ value: Tensor) -> Variable {
    nodes.append(Node(inputs: [], shape: value.shape, backward: nil))
    return Variable(value: value, tape: self, node: nodes.count - 1)
  }

  /// Records `parameter`'s current value as a leaf; watching the same parameter again returns
  /// the same leaf, so all its uses add into one gradient.
  public func watch(_ parameter: Parameter) -> Variable {
    if let node = parameterNodes[ObjectIdentifier(parameter)] {
      return Variable(value: parameter.value, tape: self, node: node)
    }
    let variable = watch(parameter.value)
    parameterNodes[ObjectIdentifier(parameter)] = variable.node
    return variable
  }

  /// Records an operation's result. `backward` receives the gradient of `value` and which
  /// inputs need a gradient, and returns one gradient (or nil) per input. Nothing is recorded
  /// when no input is on a tape.
  func record(
    _ value: Tensor, inputs: [Variable],
    backward: @escaping (_ upstream: Tensor, _ needs: [Bool]) -> [Gradient?]
  ) -> Variable {
    for input in inputs {
      if let other = input.tape, other !== self {
        preconditionFailure("Tape: an operation mixes variables of two different tapes")
      }
    }
    let needs = inputs.map { $0.tape != nil }
    guard needs.contains(true) else { return Variable(constant: value) }
    nodes.append(
      Node(
        inputs: inputs.map(\.node), shape: value.shape,
        backward: { upstream in backward(upstream, needs) }))
    return Variable(value: value, tape: self, node: nodes.count - 1)
  }

  /// The gradients of `result` with respect to each of `variables`.
  ///
  /// With no `seed`, a non-scalar `result` is differentiated as the sum of its elements (as
  /// TensorFlow does); a `seed` of `result`'s shape weights its elements instead. A variable
  /// the result does not depend on gets an empty ``SparseRowGradient`` (nothing to update).
  ///
  /// - Complexity: one backward pass over the operations recorded up to `result`.
  public func gradient(of result: Variable, wrt variables: [Variable], seed: Tensor? = nil)
    -> [Gradient]
  {
    precondition(result.tape === self, "Tape.gradient: the result was not recorded on this tape")
    for v in variables {
      precondition(v.tape === self, "Tape.gradient: a variable was not recorded on this tape")
    }
    if let seed = seed {
      precondition(
        seed.shape == result.shape,
        "Tape.gradient: seed shape \(seed.shape) differs from result shape \(result.shape)")
    }
    let wanted = Set(variables.map(\.node))
    var sums = [GradientSum?](repeating: nil, count: result.node + 1)
    sums[result.node] = .dense(seed ?? Tensor(shape: result.shape, repeating: 1))
    for node in stride(from: result.node, through: 0, by: -1) {
      guard let sum = sums[node], let backward = nodes[node].backward else { continue }
      if !wanted.contains(node) { sums[node] = nil }
      let inputGradients = backward(sum.densified(shape: nodes[node].shape))
      for (input, gradient) in zip(nodes[node].inputs, inputGradients) {
        guard input >= 0, let gradient = gradient else { continue }
        if sums[input] == nil {
          sums[input] = GradientSum(gradient)
        } else {
          sums[input]!.add(gradient)
        }
      }
    }
    return variables.map { v in
      guard v.node <= result.node, let sum = sums[v.node] else {
        return .sparse(SparseRowGradient(emptyFor: v.shape))
      }
      return sum.gradient(shape: v.shape)
    }
  }

  /// The gradients of `result` with respect to each of `parameters`, which must have been
  /// watched on this tape (otherwise the result cannot depend on them and the gradient is
  /// empty).
  public func gradient(of result: Variable, wrt parameters: [Parameter], seed: Tensor? = nil)
    -> [Gradient]
  {
    // Parameters never watched here cannot affect the result: their gradient is empty.
    let watched = parameters.compactMap { p -> Variable? in
      parameterNodes[ObjectIdentifier(p)].map { Variable(value: p.value, tape: self, node: $0) }
    }
    var watchedGradients = gradient(of: result, wrt: watched, seed: seed).makeIterator()
    return parameters.map { p in
      parameterNodes[ObjectIdentifier(p)] == nil
        ? .sparse(SparseRowGradient(emptyFor: p.value.shape)) : watchedGradients.next()!
    }
  }
}
