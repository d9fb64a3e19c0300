import Foundation

/// Keras's fuzz factor `backend.epsilon()`: probabilities are clipped to `[ε, 1 − ε]` and
/// `ε` is added inside the logarithms of binary cross-entropy.
public let kerasEpsilon: Float = 1e-7

/// Per-example mean squared error over the last axis (Keras `mean_squared_error`):
/// `mean((predictions − labels)²)`. Shape: the inputs' shape without the last axis.
///
///     meanSquaredError(predictions: Tensor(rows: [[1, 3]]), labels: Tensor(rows: [[0, 1]]))
///       .scalars   // [2.5]
public func meanSquaredError(predictions: Tensor, labels: Tensor) -> Tensor {
  LossKernels.checkSameShape(predictions, labels, "meanSquaredError")
  return (predictions - labels).squared().mean(alongAxes: [-1])
}

/// Per-example binary cross-entropy from probabilities over the last axis, as Keras computes
/// it (`binary_crossentropy(from_logits=False)`): probabilities are clipped to `[ε, 1 − ε]`,
/// then `−mean(y·log(p + ε) + (1 − y)·log(1 − p + ε))` with ε = 1e-7.
///
///     binaryCrossEntropy(probabilities: Tensor(rows: [[0.5]]), labels: Tensor(rows: [[1]]))
///       .scalars   // [0.6931470]
public func binaryCrossEntropy(probabilities: Tensor, labels: Tensor) -> Tensor {
  LossKernels.checkSameShape(probabilities, labels, "binaryCrossEntropy")
  let elementwise = zipElements(probabilities, labels) { p, y in
    let clipped = LossKernels.clipProbability(p)
    return
      -(y * Foundation.log(clipped + kerasEpsilon)
      + (1 - y) * Foundation.log(1 - clipped + kerasEpsilon))
  }
  return elementwise.mean(alongAxes: [-1])
}

/// Per-example binary cross-entropy from logits over the last axis (Keras
/// `binary_crossentropy(from_logits=True)`, TF `sigmoid_cross_entropy_with_logits`):
/// `mean(max(x, 0) − x·y + log(1 + e^−|x|))`, exact for large |x|.
///
///     binaryCrossEntropy(logits: Tensor(rows: [[0]]), labels: Tensor(rows: [[1]])).scalars
///     // [0.6931472]
public func binaryCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
  LossKernels.checkSameShape(logits, labels, "binaryCrossEntropy")
  let elementwise = zipElements(logits, labels) { x, y in
    Swift.max(x, 0) - x * y + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
  }
  return elementwise.mean(alongAxes: [-1])
}

/// Elementwise helpers shared by the loss functions and their gradients.
enum LossKernels {
  static func checkSameShape(_ a: Tensor, _ b: Tensor, _ operation: String) {
    precondition(a.rank >= 1, "\(operation): inputs need a last axis, got a scalar")
    precondition(
      a.shape == b.shape, "\(operation): shapes \(a.shape) and \(b.shape) differ")
  }

  /// `p` clipped into `[ε, 1 − ε]` as `tf.clip_by_value` does in float32.
  @inline(__always)
  static func clipProbability(_ p: Float) -> Float {
    Swift.min(Swift.max(p, kerasEpsilon), 1 - kerasEpsilon)
  }

  /// `f(a[i], b[i], g[i / width])`: an elementwise function of two same-shape tensors and the
  /// per-example upstream gradient broadcast along the last axis.
  @inline(__always)
  static func zipWithRowGradient(
    _ a: Tensor, _ b: Tensor, rowGradient: Tensor, _ f: (Float, Float, Float) -> Float
  ) -> Tensor {
    let width = a.shape[a.rank - 1]
    return a.withUnsafeBufferPointer { x in
      b.withUnsafeBufferPointer { y in
        rowGradient.withUnsafeBufferPointer { g in
          Tensor(uninitializedShape: a.shape) { out in
            for i in 0..<out.count { out[i] = f(x[i], y[i], g[i / width]) }
          }
        }
      }
    }
  }
}
