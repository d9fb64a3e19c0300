import CReelKernels

/// Score-aware (anisotropic) quantization, Guo et al. 2020 (arXiv:1908.10396): the error
/// `e = x − x̃` of a datapoint is split into the part parallel to `x` and the part orthogonal
/// to it, and the loss `η · ‖e∥‖² + ‖e⊥‖²` weighs the parallel part (which changes the scores
/// of the queries that score `x` highest) η times more.
///
/// With threshold `T` (ScaNN's `anisotropic_quantization_threshold`), Theorem 3.3 of the paper
/// gives `η = (d − 1) · r / (1 − r)` with `r = T² / ‖x‖²`. For residual quantization the
/// error of the residual is the error of the datapoint, so the direction is the datapoint's.
///
/// Encoding is coordinate descent over blocks (each block's code minimizes the loss with the
/// others fixed); the codebook update solves, block after block, the 2 × 2 normal equations
/// `Σ (I + (η−1) x̂_b x̂_bᵀ) c = Σ r_b + (η−1) x̂_b (x̂_b · r_b + o)`, where `o` is the
/// parallel error of the other blocks.
extension ProductQuantizer {
  /// The parallel-error weight η of each datapoint of squared norm `squaredNorms[i]`, for
  /// threshold `threshold` in `dimension` dimensions. The ratio `T²/‖x‖²` is capped at 0.99
  /// (points with norm under the threshold get the largest weight).
  static func parallelWeights(squaredNorms: [Float], threshold: Float, dimension: Int) -> [Float] {
    squaredNorms.map { norm2 in
      guard norm2 > 0 else { return 1 }
      let r = min(threshold * threshold / norm2, 0.99)
      return Float(max(dimension - 1, 1)) * r / (1 - r)
    }
  }

  /// Codes minimizing the anisotropic loss: the nearest codes refined by `sweeps` passes of
  /// coordinate descent. `directions` holds the unit datapoints (padded like `residuals`).
  ///
  /// - Complexity: O((sweeps + 1) · count · blocks · 16), rows spread over the cores.
  func encodeAnisotropic(
    residuals: [Float], directions: [Float], weights: [Float], count: Int, sweeps: Int = 2,
    avx2: Bool = LUT16.usesAVX2
  ) -> [UInt8] {
    var codes = encode(residuals: residuals, count: count, avx2: avx2)
    let stride = paddedDimension
    let blocks = self.blocks
    let (centresX, centresY) = centreCoordinates()
    codes.withUnsafeMutableBufferPointer { out in
      residuals.withUnsafeBufferPointer { r in
        directions.withUnsafeBufferPointer { u in
          weights.withUnsafeBufferPointer { w in
            ANNParallel.forEachChunk(count, work: count * blocks * 16 * sweeps) { _, range in
              // Coordinate descent in C (AVX2: all 16 centres of a block in two registers).
              reel_pq_refine_anisotropic(
                r.baseAddress! + range.lowerBound * stride,
                u.baseAddress! + range.lowerBound * stride, w.baseAddress! + range.lowerBound,
                range.count, stride, blocks, centresX, centresY, sweeps,
                out.baseAddress! + range.lowerBound * blocks, avx2 ? 1 : 0)
            }
          }
        }
      }
    }
    return codes
  }

  /// `iterations` rounds of anisotropic encoding and codebook update on the training rows.
  ///
  /// - Complexity: O(iterations · count · blocks · 16).
  mutating func trainAnisotropic(
    residuals: [Float], directions: [Float], weights: [Float], count: Int, iterations: Int,
    progress: (Double) -> Void
  ) {
    let stride = paddedDimension
    let blocks = self.blocks
    var s = [Float](repeating: 0, count: count)
    var others = [Float](repeating: 0, count: count)
    for iteration in 0..<iterations {
      let codes = encodeAnisotropic(
        residuals: residuals, directions: directions, weights: weights, count: count)
      residuals.withUnsafeBufferPointer { rp in
        directions.withUnsafeBufferPointer { up in
          codes.withUnsafeBufferPointer { cp in
            codebook.withUnsafeMutableBufferPointer { cb in
              let (r, u, code) = (rp.baseAddress!, up.baseAddress!, cp.baseAddress!)
              // The parallel error a row's block b adds under the current codes.
              func parallel(_ i: Int, _ b: Int) -> Float {
                let j = Int(code[i * blocks + b])
                return (r[i * stride + 2 * b] - cb[b * 32 + 2 * j]) * u[i * stride + 2 * b]
                  + (r[i * stride + 2 * b + 1] - cb[b * 32 + 2 * j + 1])
                  * u[i * stride + 2 * b + 1]
              }
              for i in 0..<count {
                var total: Float = 0
                for b in 0..<blocks { total += parallel(i, b) }
                s[i] = total
              }
              for b in 0..<blocks {
                var m = [Double](repeating: 0, count: 16 * 3)  // m00, m01, m11 per centre
                var rhs = [Double](repeating: 0, count: 16 * 2)
                for i in 0..<count {
                  let j = Int(code[i * blocks + b])
                  let x = r[i * stride + 2 * b]
                  let y = r[i * stride + 2 * b + 1]
                  let ux = u[i * stride + 2 * b]
                  let uy = u[i * stride + 2 * b + 1]
                  let other = s[i] - parallel(i, b)
                  others[i] = other
                  let w = Double(weights[i] - 1)
                  m[3 * j] += 1 + w * Double(ux * ux)
                  m[3 * j + 1] += w * Double(ux * uy)
                  m[3 * j + 2] += 1 + w * Double(uy * uy)
                  let along = Double(ux * x + uy * y + other)
                  rhs[2 * j] += Double(x) + w * Double(ux) * along
                  rhs[2 * j + 1] += Double(y) + w * Double(uy) * along
                }
                for j in 0..<16 {
                  let (a, c, d) = (m[3 * j], m[3 * j + 1], m[3 * j + 2])
                  let det = a * d - c * c
                  guard det > 1e-9 * max(a * d, 1e-30) else { continue }
                  cb[b * 32 + 2 * j] = Float((d * rhs[2 * j] - c * rhs[2 * j + 1]) / det)
                  cb[b * 32 + 2 * j + 1] = Float((a * rhs[2 * j + 1] - c * rhs[2 * j]) / det)
                }
                for i in 0..<count {
                  let j = Int(code[i * blocks + b])
                  // Summed left to right, as the first pass does.
                  s[i] =
                    others[i] + (r[i * stride + 2 * b] - cb[b * 32 + 2 * j]) * u[i * stride + 2 * b]
                    + (r[i * stride + 2 * b + 1] - cb[b * 32 + 2 * j + 1]) * u[i * stride + 2 * b + 1]
                }
              }
            }
          }
        }
      }
      progress(Double(iteration + 1) / Double(max(iterations, 1)))
    }
  }
}
