/// A Keras GRU (`reset_after=True`, tanh, sigmoid) run over `[batch, time, features]` inputs,
/// recorded as one tape operation whose backward pass runs back through time.
///
/// `kernel` is `[features, 3·units]` and `recurrentKernel` `[units, 3·units]`, gate columns
/// ordered z, r, h; `bias` is `[2, 3·units]` (input bias, then recurrent bias) or nil. The
/// state starts at `initialState` (`[batch, units]`) or zeros. `mask` has one flag per
/// `[batch, time]` position: a false step keeps the state, and its output repeats the
/// previous step's (zeros before the first kept step), as Keras. The result is the last
/// step's output `[batch, units]`, or every step's `[batch, time, units]` with
/// `returnSequences`. See ``GRU`` for the layer.
///
///     let tape = Tape()
///     let x = tape.watch(Tensor(shape: [2, 3, 4], repeating: 0.5))
///     let k = tape.watch(Tensor(shape: [4, 6], repeating: 0.1))
///     let rk = tape.watch(Tensor(shape: [2, 6], repeating: 0.1))
///     let h = gruSequence(x, kernel: k, recurrentKernel: rk)   // [2, 2]
///
/// - Complexity: O(batch · time · units · (features + units)) each way; the backward pass
///   keeps `time · batch · 5 · units` floats from the forward pass.
/// - Precondition: the shapes agree, `time > 0`, and `mask` has `batch · time` entries.
public func gruSequence(
  _ inputs: Variable, kernel: Variable, recurrentKernel: Variable, bias: Variable? = nil,
  initialState: Variable? = nil, mask: [Bool]? = nil, returnSequences: Bool = false
) -> Variable {
  gruSequence(
    inputs, kernel: kernel, recurrentKernel: recurrentKernel, bias: bias,
    initialState: initialState, mask: mask, returnSequences: returnSequences, path: nil)
}

/// ``gruSequence(_:kernel:recurrentKernel:bias:initialState:mask:returnSequences:)`` on a
/// chosen kernel path (tests compare the two; a register path the CPU or the sizes cannot
/// take falls back to OpenBLAS).
func gruSequence(
  _ inputs: Variable, kernel: Variable, recurrentKernel: Variable, bias: Variable?,
  initialState: Variable?, mask: [Bool]?, returnSequences: Bool, path: GRUKernel.Path?
) -> Variable {
  precondition(
    inputs.value.rank == 3, "gruSequence: inputs \(inputs.shape) are not [batch, time, features]")
  let (batch, time, features) = (inputs.shape[0], inputs.shape[1], inputs.shape[2])
  let units = recurrentKernel.value.rank == 2 ? recurrentKernel.shape[0] : -1
  precondition(time > 0, "gruSequence: needs at least one time step")
  precondition(features > 0, "gruSequence: inputs have no features")
  precondition(
    recurrentKernel.shape == [units, 3 * units],
    "gruSequence: recurrent kernel \(recurrentKernel.shape) is not [units, 3·units]")
  precondition(
    kernel.shape == [features, 3 * units],
    "gruSequence: kernel \(kernel.shape) is not [\(features), \(3 * units)]")
  if let bias = bias {
    precondition(
      bias.shape == [2, 3 * units], "gruSequence: bias \(bias.shape) is not [2, \(3 * units)]")
  }
  if let initialState = initialState {
    precondition(
      initialState.shape == [batch, units],
      "gruSequence: initial state \(initialState.shape) is not [\(batch), \(units)]")
  }
  if let mask = mask {
    precondition(
      mask.count == batch * time,
      "gruSequence: mask has \(mask.count) entries for [\(batch), \(time)] steps")
  }
  let gru = GRUKernel(
    batch: batch, time: time, features: features, units: units, mask: mask,
    returnSequences: returnSequences, path: path)
  let operands = [inputs, kernel, recurrentKernel] + [bias, initialState].compactMap { $0 }
  let recording = operands.contains { $0.isRecorded }
  let (x, k, rk) = (inputs.value, kernel.value, recurrentKernel.value)
  let (output, saved) = gru.forward(
    inputs: x, kernel: k, recurrentKernel: rk, bias: bias?.value,
    initialState: initialState?.value, saving: recording)
  guard recording, let saved = saved else { return Variable(constant: output) }
  let hasBias = bias != nil
  let hasInitialState = initialState != nil
  return Tape.recording(output, operands) { g, needs in
    let grads = gru.backward(
      upstream: g, inputs: x, kernel: k, recurrentKernel: rk, saved: saved,
      wantsInputs: needs[0])
    var result: [Gradient?] = [
      grads.inputs.map { .dense($0) }, needs[1] ? .dense(grads.kernel) : nil,
      needs[2] ? .dense(grads.recurrentKernel) : nil,
    ]
    if hasBias { result.append(needs[result.count] ? .dense(grads.bias) : nil) }
    if hasInitialState { result.append(needs[result.count] ? .dense(grads.initialState) : nil) }
    return result
  }
}
