extension Variable {
  /// A differentiable operation defined outside ReelTensor: `value` was computed from
  /// `inputs`, and `backward` maps the gradient of `value` to one gradient per input.
  ///
  /// `backward` receives the upstream gradient (shape of `value`) and, per input, whether it
  /// needs a gradient (inputs that are constants do not); it returns one entry per input, nil
  /// where none is needed. Nothing is recorded when every input is a constant.
  ///
  ///     // y = 3·x, written as a custom operation
  ///     let tape = Tape()
  ///     let x = tape.watch(Tensor([1, 2]))
  ///     let y = Variable.recording(x.value * 3, inputs: [x]) { g, _ in [.dense(g * 3)] }
  ///     tape.gradient(of: y.sum(), wrt: [x])[0].densified().scalars   // [3, 3]
  ///
  /// - Precondition: the inputs recorded on a tape all share one tape.
  public static func recording(
    _ value: Tensor, inputs: [Variable],
    backward: @escaping (_ upstream: Tensor, _ needs: [Bool]) -> [Gradient?]
  ) -> Variable {
    Tape.recording(value, inputs, backward: backward)
  }
}
