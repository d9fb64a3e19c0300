/// `activation(x · kernel + bias)` over the last axis of `x`: a Dense layer's whole
/// computation as one recorded operation, equal to
/// `activation.apply(matmul(x, kernel) + bias)` but with fewer passes over the output (see
/// the fused passes below).
///
/// Forward, the bias rows are written first and the matrix product adds onto them, then ReLU
/// runs in place. Backward, ReLU's mask and the bias gradient come from one sweep over the
/// upstream gradient, followed by the two products for `x` and `kernel`.
///
///     let tape = Tape()
///     let x = tape.watch(Tensor(rows: [[1, -2]]))
///     let w = tape.watch(Tensor(rows: [[1], [1]]))
///     let b = tape.watch(Tensor([0.5]))
///     affine(x, kernel: w, bias: b, activation: .relu).value.scalars   // [0]
///
/// - Parameters:
///   - x: rank ≥ 2, last axis of size `kernel.shape[0]`.
///   - kernel: `[inputSize, outputSize]`.
///   - bias: `[outputSize]`, or nil.
/// - Complexity: three matrix products of `rows × inputSize × outputSize` (one forward, two
///   backward) and two sweeps over the output.
public func affine(_ x: Variable, kernel: Variable, bias: Variable?, activation: Activation)
  -> Variable
{
  let (xv, w) = (x.value, kernel.value)
  precondition(w.rank == 2, "affine: kernel must have rank 2, got \(w.shape)")
  precondition(
    xv.rank >= 2 && xv.shape[xv.rank - 1] == w.shape[0],
    "affine: input \(xv.shape) does not end in the kernel's \(w.shape[0]) inputs")
  if let b = bias {
    precondition(b.shape == [w.shape[1]], "affine: bias \(b.shape) is not [\(w.shape[1])]")
  }
  let y = AffineKernel.forward(x: xv, kernel: w, bias: bias?.value, activation: activation)
  let inputs = [x, kernel] + (bias.map { [$0] } ?? [])
  return Tape.recording(y, inputs) { g, needs in
    let (pre, db) = AffineKernel.backward(
      g: g, y: y, activation: activation, wantsBias: needs.count > 2 && needs[2])
    let n = w.shape[1]
    let rows = pre.reshaped([pre.scalarCount / max(n, 1), n])
    let xm = xv.reshaped([rows.shape[0], w.shape[0]])
    var out: [Gradient?] = [
      needs[0] ? .dense(AffineKernel.inputGradient(g: rows, kernel: w).reshaped(xv.shape)) : nil,
      needs[1] ? .dense(matmul(xm, rows, transposeA: true)) : nil,
    ]
    if needs.count > 2 { out.append(db.map { .dense($0) }) }
    return out
  }
}
