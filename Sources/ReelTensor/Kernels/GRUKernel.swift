import Foundation

/// The forward and backward passes of a Keras GRU layer (`reset_after=True`, tanh and sigmoid,
/// gate columns ordered z, r, h) over `[batch, time, features]` inputs, for
/// ``gruSequence(_:kernel:recurrentKernel:bias:initialState:mask:returnSequences:)``.
///
/// Per step, with `s` the state entering it:
///
///     xz, xr, xh = split(x_t · kernel + bias[0])
///     iz, ir, ih = split(s · recurrentKernel + bias[1])
///     z = σ(xz + iz);  r = σ(xr + ir);  hh = tanh(xh + r ⊙ ih)
///     h = z ⊙ s + (1 − z) ⊙ hh
///
/// A masked step keeps the state; its output repeats the previous step's output (zeros
/// before the first kept step), as Keras's `backend.rnn` does with
/// `zero_output_for_mask=False`.
///
/// Two paths compute the same thing:
/// - ``Path/registerKernels`` (AVX2 + FMA CPUs, `units` a multiple of 8): each core takes its
///   own blocks of batch rows through every time step, with the register-blocked C products
///   of `CReelKernels` on cache-sized buffers, and no synchronisation until the per-core
///   weight-gradient partial sums are added at the end (`GRUKernel+Blocked.swift`).
/// - ``Path/blas``: each step makes its products with OpenBLAS over the whole batch (`x_t`
///   read in place through the leading dimension), then the gate math runs split over the
///   cores by rows.
/// The gate math is shared (``GRUForwardStep``, ``GRUBackwardStep``: eight units at a time
/// with ``VectorMath``). The backward pass keeps `5·units` floats per `[batch, time]`
/// position from the forward pass (the gates and the entering state).
struct GRUKernel {
  /// How the products are computed.
  enum Path {
    case blas
    case registerKernels
  }

  let batch: Int
  let time: Int
  let features: Int
  let units: Int
  /// One flag per `[batch, time]` position (row-major), or nil (every step kept).
  let mask: [Bool]?
  let returnSequences: Bool
  let path: Path

  /// A kernel for these sizes; `path` is chosen from the CPU and the sizes unless given
  /// (tests give it to compare the two).
  init(
    batch: Int, time: Int, features: Int, units: Int, mask: [Bool]?, returnSequences: Bool,
    path: Path? = nil
  ) {
    self.batch = batch
    self.time = time
    self.features = features
    self.units = units
    self.mask = mask
    self.returnSequences = returnSequences
    let usable = RowKernels.usesAVX2 && units % 8 == 0 && units > 0 && features > 0
    self.path =
      path.map { $0 == .registerKernels && !usable ? .blas : $0 }
      ?? (usable ? .registerKernels : .blas)
  }

  /// What the backward pass needs from the forward pass.
  struct Saved {
    /// `[time, batch, units]`: the state entering each step.
    var previousStates: Tensor
    /// `[time, batch, 4·units]`: z, r, hh and `ih` (the recurrent candidate term with its
    /// bias) of each step.
    var gates: Tensor
  }

  /// The gradients of the forward pass's inputs (`inputs` nil when not asked for).
  struct Gradients {
    var inputs: Tensor?
    var kernel: Tensor
    var recurrentKernel: Tensor
    var bias: Tensor
    var initialState: Tensor
  }

  /// The layer's output (`[batch, units]`, or `[batch, time, units]` with
  /// `returnSequences`) and, when `saving`, what the backward pass needs.
  ///
  /// - Complexity: O(batch · time · units · (features + units)).
  func forward(
    inputs: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
    initialState: Tensor?, saving: Bool
  ) -> (output: Tensor, saved: Saved?) {
    let state = KernelBuffer([batch, units])
    let next = KernelBuffer([batch, units])
    let output = KernelBuffer([batch, units])
    let sequence = KernelBuffer(returnSequences ? [batch, time, units] : [0])
    let previousStates = KernelBuffer(saving ? [time, batch, units] : [0])
    let gates = KernelBuffer(saving ? [time, batch, 4 * units] : [0])
    let buffers = ForwardBuffers(
      inputs: inputs.kernelPointer, kernel: kernel.kernelPointer,
      recurrentKernel: recurrentKernel.kernelPointer, bias: bias?.kernelPointer,
      state: state.pointer, next: next.pointer, output: output.pointer,
      sequence: returnSequences ? sequence.pointer : nil,
      previousStates: saving ? previousStates.pointer : nil, gates: saving ? gates.pointer : nil)
    withExtendedLifetime((inputs, kernel, recurrentKernel, bias)) {
      if let initial = initialState {
        withExtendedLifetime(initial) {
          state.pointer.update(from: initial.kernelPointer, count: batch * units)
        }
      } else {
        state.pointer.initialize(repeating: 0, count: batch * units)
      }
      output.pointer.initialize(repeating: 0, count: batch * units)
      mask.withOptionalBuffer { mask in
        switch path {
        case .blas: forwardBLAS(buffers, mask: mask)
        case .registerKernels: forwardBlocked(buffers, mask: mask)
        }
      }
    }
    let result = returnSequences ? sequence.tensor : output.tensor
    return (
      result,
      saving ? Saved(previousStates: previousStates.tensor, gates: gates.tensor) : nil
    )
  }

  /// The raw buffers of one forward pass. After `time` steps the final state is in `state`
  /// when `time` is even and in `next` when it is odd (the two swap roles every step).
  struct ForwardBuffers {
    let inputs: UnsafePointer<Float>
    let kernel: UnsafePointer<Float>
    let recurrentKernel: UnsafePointer<Float>
    let bias: UnsafePointer<Float>?
    let state: UnsafeMutablePointer<Float>
    let next: UnsafeMutablePointer<Float>
    let output: UnsafeMutablePointer<Float>
    let sequence: UnsafeMutablePointer<Float>?
    let previousStates: UnsafeMutablePointer<Float>?
    let gates: UnsafeMutablePointer<Float>?
  }

  /// The OpenBLAS path of ``forward(inputs:kernel:recurrentKernel:bias:initialState:saving:)``.
  private func forwardBLAS(_ o: ForwardBuffers, mask: UnsafeBufferPointer<Bool>?) {
    let u3 = 3 * units
    let projected = KernelBuffer([batch, u3])
    let inner = KernelBuffer([batch, u3])
    var (state, next) = (o.state, o.next)
    for t in 0..<time {
      o.previousStates.map { ($0 + t * batch * units).update(from: state, count: batch * units) }
      // x_t · kernel, reading step t of every row in place.
      BLAS.sgemm(
        transposeA: false, transposeB: false, m: batch, n: u3, k: features, alpha: 1,
        a: o.inputs + t * features, lda: time * features, b: o.kernel, ldb: u3,
        beta: 0, c: projected.pointer, ldc: u3)
      BLAS.sgemm(
        transposeA: false, transposeB: false, m: batch, n: u3, k: units, alpha: 1,
        a: state, b: o.recurrentKernel, beta: 0, c: inner.pointer)
      let step = GRUForwardStep(
        kernel: self, t: t, scratchOrigin: 0, projected: projected.pointer,
        inner: inner.pointer, bias: o.bias, state: state, next: next, output: o.output,
        sequence: o.sequence, gates: o.gates, mask: mask)
      forEachRowRange { rows in step.run(rows) }
      swap(&state, &next)
    }
    withExtendedLifetime((projected, inner)) {}
  }

  /// The gradients of every input given `upstream`, the gradient of the forward output;
  /// the inputs' gradient only when `wantsInputs`.
  ///
  /// Per step (in reverse): the gate math gives the gradients of the step's input and
  /// recurrent products; then `dState += dInner·Rᵀ`, `dR += stateᵀ·dInner`,
  /// `dKernel += x_tᵀ·dProjected`, `dx_t = dProjected·kernelᵀ`, and the bias gradients add
  /// the column sums.
  ///
  /// - Complexity: O(batch · time · units · (features + units)).
  func backward(
    upstream: Tensor, inputs: Tensor, kernel: Tensor, recurrentKernel: Tensor, saved: Saved,
    wantsInputs: Bool
  ) -> Gradients {
    let u3 = 3 * units
    let stateGradient = KernelBuffer([batch, units])
    let previousGradient = KernelBuffer([batch, units])
    // The gradient reaching the carried output (Keras's `prev_output`).
    let outputGradient = KernelBuffer([batch, units])
    let inputGradient = KernelBuffer(wantsInputs ? [batch, time, features] : [0])
    let kernelGradient = KernelBuffer([features, u3])
    let recurrentGradient = KernelBuffer([units, u3])
    let biasGradient = KernelBuffer([2, u3])
    for buffer in [stateGradient, inputGradient, kernelGradient, recurrentGradient, biasGradient] {
      buffer.pointer.initialize(repeating: 0, count: buffer.count)
    }
    let buffers = BackwardBuffers(
      upstream: upstream.kernelPointer, inputs: inputs.kernelPointer,
      kernel: kernel.kernelPointer, recurrentKernel: recurrentKernel.kernelPointer,
      gates: saved.gates.kernelPointer, previousStates: saved.previousStates.kernelPointer,
      stateGradient: stateGradient.pointer, previousGradient: previousGradient.pointer,
      outputGradient: outputGradient.pointer, dInputs: wantsInputs ? inputGradient.pointer : nil,
      dKernel: kernelGradient.pointer, dRecurrent: recurrentGradient.pointer,
      dBias: biasGradient.pointer)
    withExtendedLifetime((upstream, inputs, kernel, recurrentKernel, saved)) {
      if returnSequences {
        outputGradient.pointer.initialize(repeating: 0, count: batch * units)
      } else {
        outputGradient.pointer.update(from: upstream.kernelPointer, count: batch * units)
      }
      mask.withOptionalBuffer { mask in
        switch path {
        case .blas: backwardBLAS(buffers, mask: mask)
        case .registerKernels: backwardBlocked(buffers, mask: mask)
        }
      }
    }
    // The two state-gradient buffers swap roles every step.
    let initialGradient = time % 2 == 0 ? stateGradient : previousGradient
    return Gradients(
      inputs: wantsInputs ? inputGradient.tensor : nil, kernel: kernelGradient.tensor,
      recurrentKernel: recurrentGradient.tensor, bias: biasGradient.tensor,
      initialState: initialGradient.tensor)
  }

  /// The raw buffers of one backward pass; the weight gradients start at zero.
  struct BackwardBuffers {
    let upstream: UnsafePointer<Float>
    let inputs: UnsafePointer<Float>
    let kernel: UnsafePointer<Float>
    let recurrentKernel: UnsafePointer<Float>
    let gates: UnsafePointer<Float>
    let previousStates: UnsafePointer<Float>
    let stateGradient: UnsafeMutablePointer<Float>
    let previousGradient: UnsafeMutablePointer<Float>
    let outputGradient: UnsafeMutablePointer<Float>
    let dInputs: UnsafeMutablePointer<Float>?
    let dKernel: UnsafeMutablePointer<Float>
    let dRecurrent: UnsafeMutablePointer<Float>
    let dBias: UnsafeMutablePointer<Float>
  }

  /// The OpenBLAS path of ``backward(upstream:inputs:kernel:recurrentKernel:saved:wantsInputs:)``.
  private func backwardBLAS(_ o: BackwardBuffers, mask: UnsafeBufferPointer<Bool>?) {
    let u3 = 3 * units
    let projectedGradient = KernelBuffer([batch, u3])
    let innerGradient = KernelBuffer([batch, u3])
    let ones = KernelBuffer([batch])
    ones.pointer.initialize(repeating: 1, count: batch)
    let (dxp, din) = (projectedGradient.pointer, innerGradient.pointer)
    var (stateGradient, previousGradient) = (o.stateGradient, o.previousGradient)
    for t in stride(from: time - 1, through: 0, by: -1) {
      let step = GRUBackwardStep(
        kernel: self, t: t, scratchOrigin: 0, upstream: returnSequences ? o.upstream : nil,
        gates: o.gates, previousStates: o.previousStates, stateGradient: stateGradient,
        outputGradient: o.outputGradient, previousGradient: previousGradient,
        projectedGradient: dxp, innerGradient: din, mask: mask)
      forEachRowRange { rows in step.run(rows) }
      // dState_{t-1} += dInner · Rᵀ
      BLAS.sgemm(
        transposeA: false, transposeB: true, m: batch, n: units, k: u3, alpha: 1, a: din,
        b: o.recurrentKernel, beta: 1, c: previousGradient)
      // dR += state_{t-1}ᵀ · dInner
      BLAS.sgemm(
        transposeA: true, transposeB: false, m: units, n: u3, k: batch, alpha: 1,
        a: o.previousStates + t * batch * units, b: din, beta: 1, c: o.dRecurrent)
      // Column sums into the input and recurrent bias gradients.
      BLAS.sgemm(
        transposeA: false, transposeB: false, m: 1, n: u3, k: batch, alpha: 1,
        a: ones.pointer, b: dxp, beta: 1, c: o.dBias)
      BLAS.sgemm(
        transposeA: false, transposeB: false, m: 1, n: u3, k: batch, alpha: 1,
        a: ones.pointer, b: din, beta: 1, c: o.dBias + u3)
      // dKernel += x_tᵀ · dProjected, with x_t read in place from [batch, time, features].
      BLAS.sgemm(
        transposeA: true, transposeB: false, m: features, n: u3, k: batch, alpha: 1,
        a: o.inputs + t * features, lda: time * features, b: dxp, ldb: u3, beta: 1,
        c: o.dKernel, ldc: u3)
      if let dInputs = o.dInputs {
        // dx_t = dProjected · kernelᵀ, written in place into [batch, time, features].
        BLAS.sgemm(
          transposeA: false, transposeB: true, m: batch, n: features, k: u3, alpha: 1,
          a: dxp, lda: u3, b: o.kernel, ldb: u3, beta: 0, c: dInputs + t * features,
          ldc: time * features)
      }
      swap(&stateGradient, &previousGradient)
    }
    withExtendedLifetime((projectedGradient, innerGradient, ones)) {}
  }

  /// Calls `body` on ranges of batch rows, on several threads for large batches.
  @inline(__always)
  private func forEachRowRange(_ body: (Range<Int>) -> Void) {
    Parallel.forEachChunk(count: batch, minimumChunk: max(1, (1 << 14) / max(units, 1)), body)
  }
}
