/// A tensor computed on a ``Tape``: the value plus the tape node that records how it was made,
/// so ``Tape/gradient(of:wrt:seed:)`` can run the computation backwards.
///
/// Operations on variables (`+`, ``matmul(_:_:transposeA:transposeB:)-(Variable,Variable,_,_)``,
/// ``relu()``, losses, …) compute their result right away and record their backward pass.
/// A constant (``init(constant:)``) has no tape and receives no gradient; an operation whose
/// inputs are all constants records nothing.
///
///     let tape = Tape()
///     let w = tape.watch(Tensor([2, 3]))
///     let loss = (w * w).sum()            // 13
///     tape.gradient(of: loss, wrt: [w])[0].densified().scalars   // [4, 6]
public struct Variable {
  /// The computed value.
  public let value: Tensor
  /// The tape that recorded this value, nil for constants.
  let tape: Tape?
  /// This value's node on `tape` (−1 for constants).
  let node: Int

  init(value: Tensor, tape: Tape?, node: Int) {
    self.value = value
    self.tape = tape
    self.node = node
  }

  /// A value that takes part in computations but receives no gradient.
  ///
  ///     let labels = Variable(constant: Tensor([1, 0]))
  public init(constant value: Tensor) {
    self.init(value: value, tape: nil, node: -1)
  }

  /// The value's shape.
  public var shape: [Int] { value.shape }

  /// Whether gradients flow through this value (it was recorded on a tape).
  public var isRecorded: Bool { tape != nil }
}
