import Foundation

/// The targets of a softmax cross-entropy: a probability row per example, or a class index per
/// example (equivalent to one-hot rows, without materialising them).
enum CrossEntropyTargets {
  case probabilities(Tensor)
  case classes([Int32])
}

/// Softmax cross-entropy from logits, fused: one sweep per row computes the maximum, the
/// log-sum-exp, the loss and (optionally) the gradient, so a large score matrix is read from
/// memory once and its gradient written once.
enum CrossEntropyKernel {
  /// Per-row losses `−Σ_j y_j · log softmax(x)_j` and, when `gradientScales` is given, the
  /// gradient of `Σ_i scale_i · loss_i` with respect to the logits: `scale_i·(p_i·Σy_i − y_i)`.
  static func run(
    logits: Tensor, targets: CrossEntropyTargets, gradientScales: [Float]?
  ) -> (losses: [Float], gradient: Tensor?) {
    precondition(logits.rank >= 1, "softmaxCrossEntropy: logits must have a class axis")
    let width = logits.shape[logits.rank - 1]
    let rows = width == 0 ? 0 : logits.scalarCount / width
    switch targets {
    case .probabilities(let labels):
      precondition(
        labels.shape == logits.shape,
        "softmaxCrossEntropy: labels shape \(labels.shape) differs from logits \(logits.shape)")
    case .classes(let classes):
      precondition(
        classes.count == rows,
        "softmaxCrossEntropy: \(classes.count) classes for \(rows) rows of logits")
      for c in classes {
        precondition(
          c >= 0 && Int(c) < width, "softmaxCrossEntropy: class \(c) outside 0..<\(width)")
      }
    }
    if let scales = gradientScales {
      precondition(
        scales.count == rows, "softmaxCrossEntropy: \(scales.count) scales for \(rows) rows")
    }
    var losses = [Float](repeating: 0, count: rows)
    var gradient: Tensor?
    let wantsGradient = gradientScales != nil
    let outputShape = wantsGradient ? logits.shape : [0]
    let gradientTensor = Tensor(uninitializedShape: outputShape) { gradientBuffer in
      logits.withUnsafeBufferPointer { logitsBuffer in
        losses.withUnsafeMutableBufferPointer { lossBuffer in
          guard let x0 = logitsBuffer.baseAddress else { return }
          let g0 = wantsGradient ? gradientBuffer.baseAddress : nil
          let lossBase = lossBuffer.baseAddress!
          let body: (Range<Int>, UnsafePointer<Float>?, UnsafePointer<Int32>?) -> Void = {
            range, y0, c0 in
            for r in range {
              let x = x0 + r * width
              let m = RowKernels.max(x, count: width)
              let total: Float
              if let g0 = g0 {
                total = RowKernels.expShifted(x, g0 + r * width, count: width, shift: m)
              } else {
                total = RowKernels.sumExpShifted(x, count: width, shift: m)
              }
              let lse = m + Foundation.log(total)
              var loss: Float = 0
              var targetMass: Float = 1
              if let y0 = y0 {
                let y = y0 + r * width
                var mass: Float = 0
                for j in 0..<width where y[j] != 0 {
                  loss += y[j] * (lse - x[j])
                  mass += y[j]
                }
                targetMass = mass
              } else if let c0 = c0 {
                loss = lse - x[Int(c0[r])]
              }
              lossBase[r] = loss
              guard let g0 = g0, let scales = gradientScales else { continue }
              let g = g0 + r * width
              let scale = scales[r]
              RowKernels.scale(g, count: width, by: scale * targetMass / total)
              if let y0 = y0 {
                let y = y0 + r * width
                for j in 0..<width where y[j] != 0 { g[j] -= scale * y[j] }
              } else if let c0 = c0 {
                g[Int(c0[r])] -= scale
              }
            }
          }
          let minimumChunk = Swift.max(1, (1 << 14) / Swift.max(width, 1))
          switch targets {
          case .probabilities(let labels):
            labels.withUnsafeBufferPointer { y in
              Parallel.forEachChunk(count: rows, minimumChunk: minimumChunk) {
                body($0, y.baseAddress, nil)
              }
            }
          case .classes(let classes):
            classes.withUnsafeBufferPointer { c in
              Parallel.forEachChunk(count: rows, minimumChunk: minimumChunk) {
                body($0, nil, c.baseAddress)
              }
            }
          }
        }
      }
    }
    if wantsGradient { gradient = gradientTensor }
    return (losses, gradient)
  }
}

/// Per-example softmax cross-entropy from logits with probability targets (Keras
/// `categorical_crossentropy(from_logits=True)`): `−Σ_j labels_j · log softmax(logits)_j`
/// along the last axis. Shape: the logits' shape without the last axis.
///
///     let logits = Tensor(rows: [[2, 0], [0, 0]])
///     softmaxCrossEntropy(logits: logits, labels: Tensor(rows: [[1, 0], [0, 1]])).scalars
///     // [0.126928, 0.6931472]
///
/// - Complexity: O(n), one sweep over the logits.
public func softmaxCrossEntropy(logits: Tensor, labels: Tensor) -> Tensor {
  let result = CrossEntropyKernel.run(
    logits: logits, targets: .probabilities(labels), gradientScales: nil)
  return Tensor(shape: Array(logits.shape.dropLast()), scalars: result.losses)
}

/// Per-example softmax cross-entropy from logits with a class index per example (Keras
/// `sparse_categorical_crossentropy(from_logits=True)`): `logsumexp(row) − row[class]`.
///
///     softmaxCrossEntropy(logits: Tensor(rows: [[2, 0]]), classes: [0]).scalars   // [0.126928]
///
/// - Complexity: O(n), one sweep over the logits.
public func softmaxCrossEntropy(logits: Tensor, classes: [Int32]) -> Tensor {
  let result = CrossEntropyKernel.run(
    logits: logits, targets: .classes(classes), gradientScales: nil)
  return Tensor(shape: Array(logits.shape.dropLast()), scalars: result.losses)
}
