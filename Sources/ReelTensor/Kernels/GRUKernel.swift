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
/// The input products of all steps are one matrix product before the loop; each step makes
/// one `[batch, units]·[units, 3·units]` product. The backward pass runs the steps in
/// reverse and gathers the weight gradients in three products at the end.
struct GRUKernel {
  let batch: Int
  let time: Int
  let features: Int
  let units: Int
  /// One flag per `[batch, time]` position (row-major), or nil (every step kept).
  let mask: [Bool]?
  let returnSequences: Bool

  /// What the backward pass needs from the forward pass.
  struct Saved {
    /// `[time, batch, units]`: the state entering each step.
    var previousStates: Tensor
    /// `[time, batch, 4·units]`: z, r, hh and `ih` (the recurrent candidate term with its
    /// bias) of each step.
    var gates: Tensor
  }

  /// The gradients of the forward pass's inputs.
  struct Gradients {
    var inputs: Tensor
    var kernel: Tensor
    var recurrentKernel: Tensor
    var bias: Tensor
    var initialState: Tensor
  }

  @inline(__always)
  private func kept(_ b: Int, _ t: Int) -> Bool { mask?[b * time + t] ?? true }

  /// Calls `body` on ranges of batch rows, on several threads for large batches.
  @inline(__always)
  private func forEachRowRange(_ body: (Range<Int>) -> Void) {
    Parallel.forEachChunk(count: batch, minimumChunk: max(1, (1 << 14) / max(units, 1)), body)
  }

  /// The layer's output (`[batch, units]`, or `[batch, time, units]` with
  /// `returnSequences`) and, when `saving`, what the backward pass needs.
  ///
  /// - Complexity: O(batch · time · units · (features + units)).
  func forward(
    inputs: Tensor, kernel: Tensor, recurrentKernel: Tensor, bias: Tensor?,
    initialState: Tensor?, saving: Bool
  ) -> (output: Tensor, saved: Saved?) {
    let u3 = 3 * units
    var projected = matmul(inputs.reshaped([batch * time, features]), kernel)
    var recurrentBias = [Float](repeating: 0, count: u3)
    if let bias = bias {
      let inputBias = bias.row(0)
      projected = projected + inputBias
      recurrentBias = bias.row(1).scalars
    }
    var state = initialState ?? Tensor(shape: [batch, units])
    var previousOutput = Tensor(shape: [batch, units])
    var sequence = returnSequences ? Tensor(shape: [batch, time, units]) : Tensor(shape: [0])
    var previousStates = Tensor(shape: saving ? [time, batch, units] : [0])
    var gates = Tensor(shape: saving ? [time, batch, 4 * units] : [0])
    var inner = Tensor(shape: [batch, u3])
    for t in 0..<time {
      if saving { previousStates.replaceRows(startingAt: t, with: state.reshaped([1, batch, units])) }
      state.withUnsafeBufferPointer { s in
        recurrentKernel.withUnsafeBufferPointer { r in
          inner.withUnsafeMutableBufferPointer { out in
            BLAS.sgemm(
              transposeA: false, transposeB: false, m: batch, n: u3, k: units, alpha: 1,
              a: s.baseAddress!, b: r.baseAddress!, beta: 0, c: out.baseAddress!)
          }
        }
      }
      var next = Tensor(uninitializedShape: [batch, units]) { _ in }
      projected.withUnsafeBufferPointer { xp in
        inner.withUnsafeBufferPointer { ip in
          state.withUnsafeBufferPointer { s in
            next.withUnsafeMutableBufferPointer { ns in
              previousOutput.withUnsafeMutableBufferPointer { po in
                sequence.withUnsafeMutableBufferPointer { seq in
                  gates.withUnsafeMutableBufferPointer { g in
                    forEachRowRange { rows in
                      for b in rows {
                        let keep = kept(b, t)
                        let x = (b * time + t) * u3
                        let i = b * u3
                        let gateRow = (t * batch + b) * 4 * units
                        for j in 0..<units {
                          let z = sigmoid(xp[x + j] + (ip[i + j] + recurrentBias[j]))
                          let r = sigmoid(
                            xp[x + units + j] + (ip[i + units + j] + recurrentBias[units + j]))
                          let ih = ip[i + 2 * units + j] + recurrentBias[2 * units + j]
                          let hh = Foundation.tanh(xp[x + 2 * units + j] + r * ih)
                          let previous = s[b * units + j]
                          let h = z * previous + (1 - z) * hh
                          ns[b * units + j] = keep ? h : previous
                          if keep { po[b * units + j] = h }
                          if returnSequences { seq[(b * time + t) * units + j] = po[b * units + j] }
                          if saving {
                            g[gateRow + j] = z
                            g[gateRow + units + j] = r
                            g[gateRow + 2 * units + j] = hh
                            g[gateRow + 3 * units + j] = ih
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      state = next
    }
    let output = returnSequences ? sequence : previousOutput
    return (output, saving ? Saved(previousStates: previousStates, gates: gates) : nil)
  }

  /// The gradients of every input given `upstream`, the gradient of the forward output.
  ///
  /// - Complexity: O(batch · time · units · (features + units)).
  func backward(
    upstream: Tensor, inputs: Tensor, kernel: Tensor, recurrentKernel: Tensor, saved: Saved
  ) -> Gradients {
    let u3 = 3 * units
    var projectedGradient = Tensor(shape: [batch * time, u3])
    var innerGradient = Tensor(shape: [time * batch, u3])
    var stateGradient = Tensor(shape: [batch, units])
    // The gradient reaching the carried output (Keras's `prev_output`).
    var outputGradient = returnSequences ? Tensor(shape: [batch, units]) : upstream
    for t in stride(from: time - 1, through: 0, by: -1) {
      var previousGradient = Tensor(uninitializedShape: [batch, units]) { _ in }
      upstream.withUnsafeBufferPointer { up in
        saved.gates.withUnsafeBufferPointer { g in
          saved.previousStates.withUnsafeBufferPointer { ps in
            stateGradient.withUnsafeBufferPointer { ds in
              outputGradient.withUnsafeMutableBufferPointer { dout in
                previousGradient.withUnsafeMutableBufferPointer { dp in
                  projectedGradient.withUnsafeMutableBufferPointer { dxp in
                    innerGradient.withUnsafeMutableBufferPointer { din in
                      forEachRowRange { rows in
                        for b in rows {
                          let row = b * units
                          if returnSequences {
                            let u = (b * time + t) * units
                            for j in 0..<units { dout[row + j] += up[u + j] }
                          }
                          guard kept(b, t) else {
                            for j in 0..<units { dp[row + j] = ds[row + j] }
                            continue
                          }
                          let gateRow = (t * batch + b) * 4 * units
                          let x = (b * time + t) * u3
                          let i = (t * batch + b) * u3
                          let stateRow = (t * batch + b) * units
                          for j in 0..<units {
                            let dh = ds[row + j] + dout[row + j]
                            dout[row + j] = 0
                            let z = g[gateRow + j]
                            let r = g[gateRow + units + j]
                            let hh = g[gateRow + 2 * units + j]
                            let ih = g[gateRow + 3 * units + j]
                            let dz = dh * (ps[stateRow + j] - hh)
                            let dCandidate = dh * (1 - z) * (1 - hh * hh)
                            let dPreZ = dz * z * (1 - z)
                            let dPreR = dCandidate * ih * r * (1 - r)
                            dxp[x + j] = dPreZ
                            dxp[x + units + j] = dPreR
                            dxp[x + 2 * units + j] = dCandidate
                            din[i + j] = dPreZ
                            din[i + units + j] = dPreR
                            din[i + 2 * units + j] = dCandidate * r
                            dp[row + j] = dh * z
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      // previous state gradient += (step's recurrent-product gradient) · recurrentKernelᵀ
      innerGradient.withUnsafeBufferPointer { din in
        recurrentKernel.withUnsafeBufferPointer { r in
          previousGradient.withUnsafeMutableBufferPointer { dp in
            BLAS.sgemm(
              transposeA: false, transposeB: true, m: batch, n: units, k: u3, alpha: 1,
              a: din.baseAddress! + t * batch * u3, b: r.baseAddress!, beta: 1,
              c: dp.baseAddress!)
          }
        }
      }
      stateGradient = previousGradient
    }
    let flatInputs = inputs.reshaped([batch * time, features])
    let biasGradient = concat(
      [
        projectedGradient.sum(alongAxes: [0], keepingDimensions: true),
        innerGradient.sum(alongAxes: [0], keepingDimensions: true),
      ], axis: 0)
    return Gradients(
      inputs: matmul(projectedGradient, kernel, transposeB: true).reshaped(inputs.shape),
      kernel: matmul(flatInputs, projectedGradient, transposeA: true),
      recurrentKernel: matmul(
        saved.previousStates.reshaped([time * batch, units]), innerGradient, transposeA: true),
      bias: biasGradient,
      initialState: stateGradient)
  }

  @inline(__always)
  private func sigmoid(_ x: Float) -> Float { 1 / (1 + Foundation.exp(-x)) }
}
