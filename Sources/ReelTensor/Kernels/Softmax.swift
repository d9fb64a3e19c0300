import Foundation

extension Tensor {
  /// `log(softmax(x))` along the last axis, computed stably as `x − max − log Σ e^(x − max)`.
  ///
  ///     Tensor(rows: [[0, 0]]).logSoftmax().scalars   // [-0.6931472, -0.6931472]
  ///
  /// - Complexity: O(n), rows spread over the cores.
  public func logSoftmax() -> Tensor {
    softmaxRows(log: true)
  }

  /// `e^x / Σ e^x` along the last axis, computed stably (shifted by the row maximum).
  ///
  ///     Tensor(rows: [[0, 0]]).softmax().scalars   // [0.5, 0.5]
  public func softmax() -> Tensor {
    softmaxRows(log: false)
  }

  private func softmaxRows(log: Bool) -> Tensor {
    precondition(rank >= 1, "softmax: needs at least one axis, got a scalar")
    let width = shape[rank - 1]
    let rows = width == 0 ? 0 : scalarCount / width
    return withUnsafeBufferPointer { input in
      Tensor(uninitializedShape: shape) { output in
        guard let src = input.baseAddress, let dst = output.baseAddress else { return }
        Parallel.forEachChunk(
          count: rows, minimumChunk: Swift.max(1, (1 << 15) / Swift.max(width, 1))
        ) { range in
          for r in range {
            let x = src + r * width
            let y = dst + r * width
            let m = RowKernels.max(x, count: width)
            let total = RowKernels.expShifted(x, y, count: width, shift: m)
            if log {
              let lse = m + Foundation.log(total)
              for j in 0..<width { y[j] = x[j] - lse }
            } else {
              RowKernels.scale(y, count: width, by: 1 / total)
            }
          }
        }
      }
    }
  }
}
