extension Variable {
  /// `log(softmax(x))` along the last axis; gradient `g − softmax · Σg`.
  public func logSoftmax() -> Variable {
    let y = value.logSoftmax()
    return Tape.recording(y, [self]) { g, _ in
      let p = y.exp()
      return [.dense(g - p * g.sum(alongAxes: [-1], keepingDimensions: true))]
    }
  }

  /// `softmax(x)` along the last axis; gradient `y · (g − Σ g·y)`.
  public func softmax() -> Variable {
    let y = value.softmax()
    return Tape.recording(y, [self]) { g, _ in
      [.dense(y * (g - (g * y).sum(alongAxes: [-1], keepingDimensions: true)))]
    }
  }

  /// Rows along the last axis divided by their norm, as `tf.math.l2_normalize`; see
  /// ``Tensor/l2Normalized(epsilon:)``.
  public func l2Normalized(epsilon: Float = 1e-12) -> Variable {
    let (y, scales, reached) = value.l2NormalizedWithScales(epsilon: epsilon)
    return Tape.recording(y, [self]) { g, _ in
      let width = y.shape[y.rank - 1]
      let gradient = g.withUnsafeBufferPointer { gb in
        y.withUnsafeBufferPointer { yb in
          Tensor(uninitializedShape: y.shape) { out in
            for r in 0..<scales.count {
              let base = r * width
              var dot: Float = 0
              if reached[r] {
                for j in 0..<width { dot += gb[base + j] * yb[base + j] }
              }
              for j in 0..<width {
                out[base + j] = scales[r] * (gb[base + j] - yb[base + j] * dot)
              }
            }
          }
        }
      }
      return [.dense(gradient)]
    }
  }
}

/// The masked mean over time of `[batch, time, features]` variables (see
/// ``maskedMean(_:mask:)-(Tensor,_)``); each kept step receives `g / count`.
public func maskedMean(_ values: Variable, mask: [Bool]) -> Variable {
  let result = maskedMean(values.value, mask: mask)
  let (batch, time, features) = (values.shape[0], values.shape[1], values.shape[2])
  return Tape.recording(result, [values]) { g, _ in
    let gradient = g.withUnsafeBufferPointer { gb in
      Tensor(uninitializedShape: [batch, time, features]) { out in
        out.initialize(repeating: 0)
        for b in 0..<batch {
          let count = (0..<time).reduce(0) { $0 + (mask[b * time + $1] ? 1 : 0) }
          guard count > 0 else { continue }
          for t in 0..<time where mask[b * time + t] {
            for f in 0..<features {
              out[(b * time + t) * features + f] = gb[b * features + f] / Float(count)
            }
          }
        }
      }
    }
    return [.dense(gradient)]
  }
}
