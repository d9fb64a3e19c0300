import Foundation

extension Tensor {
  /// Each row along the last axis divided by its Euclidean norm, as `tf.math.l2_normalize`:
  /// `x / sqrt(max(Σx², epsilon))`, so an all-zero row stays zero.
  ///
  ///     Tensor(rows: [[3, 4]]).l2Normalized().scalars   // [0.6, 0.8]
  ///
  /// - Complexity: O(n).
  public func l2Normalized(epsilon: Float = 1e-12) -> Tensor {
    l2NormalizedWithScales(epsilon: epsilon).result
  }

  /// The normalised rows, each row's `1 / sqrt(max(Σx², epsilon))`, and whether its sum of
  /// squares reached `epsilon` (otherwise the maximum picked `epsilon`, as TF's gradient of
  /// `maximum` decides with `>=`).
  func l2NormalizedWithScales(
    epsilon: Float
  ) -> (result: Tensor, scales: [Float], reachedEpsilon: [Bool]) {
    precondition(rank >= 1, "l2Normalized: needs at least one axis, got a scalar")
    let width = shape[rank - 1]
    let rows = width == 0 ? 0 : scalarCount / width
    var scales = [Float](repeating: 0, count: rows)
    var reached = [Bool](repeating: true, count: rows)
    let result = withUnsafeBufferPointer { input in
      Tensor(uninitializedShape: shape) { output in
        for r in 0..<rows {
          var squares: Float = 0
          for j in 0..<width { squares += input[r * width + j] * input[r * width + j] }
          let scale = 1 / Swift.max(squares, epsilon).squareRoot()
          scales[r] = scale
          reached[r] = squares >= epsilon
          for j in 0..<width { output[r * width + j] = input[r * width + j] * scale }
        }
      }
    }
    return (result, scales, reached)
  }
}

/// The mean over the time axis of `[batch, time, features]` values, counting only steps whose
/// mask is true (Keras `GlobalAveragePooling1D` with a mask). Shape `[batch, features]`.
///
/// A row whose mask is all false gives zeros (Keras divides 0 by 0 and gives NaN).
///
///     let x = Tensor(shape: [1, 3, 1], scalars: [1, 2, 9])
///     maskedMean(x, mask: [true, true, false]).scalars   // [1.5]
///
/// - Complexity: O(batch · time · features).
public func maskedMean(_ values: Tensor, mask: [Bool]) -> Tensor {
  precondition(
    values.rank == 3, "maskedMean: values must be [batch, time, features], got \(values.shape)")
  let (batch, time, features) = (values.shape[0], values.shape[1], values.shape[2])
  precondition(
    mask.count == batch * time, "maskedMean: mask has \(mask.count) entries for \(batch)×\(time)")
  return values.withUnsafeBufferPointer { x in
    Tensor(uninitializedShape: [batch, features]) { out in
      out.initialize(repeating: 0)
      for b in 0..<batch {
        var count = 0
        for t in 0..<time where mask[b * time + t] {
          count += 1
          let row = (b * time + t) * features
          for f in 0..<features { out[b * features + f] += x[row + f] }
        }
        guard count > 0 else { continue }
        for f in 0..<features { out[b * features + f] /= Float(count) }
      }
    }
  }
}
