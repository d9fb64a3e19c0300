import ReelTensor

/// TFRS's stand-in for minus infinity: `np.finfo(np.float32).min / 100` (≈ −3.4e36), added to
/// accidental hits and written into masked scores.
let tfrsMinFloat: Float = -Float.greatestFiniteMagnitude / 100

/// TFRS's large positive constant, `np.finfo(np.float32).max / 100`, added to the positive's
/// logit so hard-negative mining always keeps it.
let tfrsMaxFloat: Float = Float.greatestFiniteMagnitude / 100

/// Differentiable pieces of the general `Retrieval` path that ReelTensor does not provide.
enum ScoreOperations {
  /// `max` over the heads of multi-vector queries ("maxsim"): `scores` is `[queries · heads,
  /// candidates]`, the result `[queries, candidates]`. As TensorFlow's `reduce_max`, the
  /// gradient is shared equally among the heads that reach the maximum.
  static func maxOverHeads(_ scores: Variable, heads: Int) -> Variable {
    let s = scores.value
    let columns = s.shape[1]
    let queries = heads == 0 ? 0 : s.shape[0] / heads
    var maxima = Tensor(shape: [queries, columns], repeating: -.infinity)
    s.withUnsafeBufferPointer { x in
      maxima.withUnsafeMutableBufferPointer { m in
        for q in 0..<queries {
          for h in 0..<heads {
            let row = (q * heads + h) * columns
            for c in 0..<columns where x[row + c] > m[q * columns + c] || h == 0 {
              m[q * columns + c] = x[row + c]
            }
          }
        }
      }
    }
    let result = maxima
    return Variable.recording(result, inputs: [scores]) { g, _ in
      var grad = Tensor(shape: s.shape)
      s.withUnsafeBufferPointer { x in
        result.withUnsafeBufferPointer { m in
          g.withUnsafeBufferPointer { up in
            grad.withUnsafeMutableBufferPointer { out in
              for q in 0..<queries {
                for c in 0..<columns {
                  let top = m[q * columns + c]
                  var ties = 0
                  for h in 0..<heads where x[(q * heads + h) * columns + c] == top { ties += 1 }
                  guard ties > 0 else { continue }
                  let share = up[q * columns + c] / Float(ties)
                  for h in 0..<heads where x[(q * heads + h) * columns + c] == top {
                    out[(q * heads + h) * columns + c] = share
                  }
                }
              }
            }
          }
        }
      }
      return [.dense(grad)]
    }
  }

  /// TFRS's accidental-hit removal and score mask, in that order, on `[queries, candidates]`
  /// scores: `penalized[i]` lists the columns of row i that get `+ MIN_FLOAT` (other
  /// candidates with the positive's id), and `mask` (row-major, false = masked) replaces
  /// scores by `MIN_FLOAT` (`tf.where`). The gradient passes unchanged except at masked
  /// entries, where it is zero.
  static func adjusted(_ scores: Variable, penalized: [[Int]]?, mask: [Bool]?) -> Variable {
    var value = scores.value
    let columns = value.shape[1]
    value.withUnsafeMutableBufferPointer { s in
      if let penalized = penalized {
        for (row, list) in penalized.enumerated() {
          for c in list { s[row * columns + c] += tfrsMinFloat }
        }
      }
      if let mask = mask {
        for i in 0..<s.count where !mask[i] { s[i] = tfrsMinFloat }
      }
    }
    return Variable.recording(value, inputs: [scores]) { g, _ in
      guard let mask = mask else { return [.dense(g)] }
      var grad = g
      grad.withUnsafeMutableBufferPointer { out in
        for i in 0..<out.count where !mask[i] { out[i] = 0 }
      }
      return [.dense(grad)]
    }
  }

  /// The columns `columns[i]` (`k` per row, row-major) of each row of `[rows, n]` scores, as
  /// `[rows, k]`; the gradient goes back to the gathered entries.
  static func gatherColumns(_ scores: Variable, columns: [Int32], k: Int) -> Variable {
    let (rows, n) = (scores.shape[0], scores.shape[1])
    let flat = columns.enumerated().map { i, c in Int32(i / max(k, 1) * n) + c }
    return scores.reshaped([rows * n, 1]).gather(rows: flat).reshaped([rows, k])
  }
}
