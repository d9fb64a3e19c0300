import XCTest

@testable import ReelANN

/// The C coordinate descent (AVX2 and portable) picks the same codes as a plain scalar
/// statement of the algorithm: per block, the first centre of least anisotropic loss.
final class AnisotropicEncodeTests: XCTestCase {
  /// Nearest-centre codes (AVX2 and portable) are the first centre of least squared distance,
  /// with NaN never winning (an all-NaN block gets code 0).
  func testNearestCodesMatchAScalarReference() {
    var random = ANNRandom(seed: 12)
    let blocks = 6
    let count = 120
    // Coordinates on a small grid, so that equal distances (ties) happen.
    var codebook = (0..<(blocks * 32)).map { _ in Float(Int(random.next() % 5)) }
    codebook[3 * 32 + 6] = .nan
    let quantizer = ProductQuantizer(blocks: blocks, codebook: codebook)
    var residuals = (0..<(count * 2 * blocks)).map { _ in Float(Int(random.next() % 5)) }
    residuals[7 * 2 * blocks + 4] = .nan
    var expected = [UInt8]()
    for i in 0..<count {
      for b in 0..<blocks {
        var best = Float.infinity
        var bestJ = 0
        for j in 0..<16 {
          let dx = residuals[i * 2 * blocks + 2 * b] - codebook[b * 32 + 2 * j]
          let dy = residuals[i * 2 * blocks + 2 * b + 1] - codebook[b * 32 + 2 * j + 1]
          if dx * dx + dy * dy < best {
            best = dx * dx + dy * dy
            bestJ = j
          }
        }
        expected.append(UInt8(bestJ))
      }
    }
    for avx2 in LUT16.usesAVX2 ? [false, true] : [false] {
      XCTAssertEqual(
        quantizer.encode(residuals: residuals, count: count, avx2: avx2), expected, "avx2 \(avx2)")
    }
  }

  func testRefinementMatchesAScalarReference() {
    var random = ANNRandom(seed: 31)
    let blocks = 6
    let stride = 2 * blocks
    let count = 200
    let codebook = (0..<(blocks * 32)).map { _ in Float(random.unit() * 2 - 1) }
    let quantizer = ProductQuantizer(blocks: blocks, codebook: codebook)
    let residuals = (0..<(count * stride)).map { _ in Float(random.unit() * 2 - 1) }
    var directions = (0..<(count * stride)).map { _ in Float(random.unit() * 2 - 1) }
    for i in 0..<count {
      let norm = (0..<stride).map { directions[i * stride + $0] }.reduce(0) { $0 + $1 * $1 }
      for j in 0..<stride { directions[i * stride + j] /= norm.squareRoot() }
    }
    let weights = (0..<count).map { _ in Float(1 + random.unit() * 30) }
    var expected = quantizer.encode(residuals: residuals, count: count)
    for i in 0..<count {
      let w = weights[i] - 1
      func centre(_ b: Int, _ j: Int) -> (Float, Float) {
        (codebook[b * 32 + 2 * j], codebook[b * 32 + 2 * j + 1])
      }
      var s: Float = 0
      for b in 0..<blocks {
        let (cx, cy) = centre(b, Int(expected[i * blocks + b]))
        let r = (residuals[i * stride + 2 * b], residuals[i * stride + 2 * b + 1])
        let u = (directions[i * stride + 2 * b], directions[i * stride + 2 * b + 1])
        s = s + ((r.0 - cx) * u.0 + (r.1 - cy) * u.1)
      }
      for _ in 0..<2 {
        for b in 0..<blocks {
          let r = (residuals[i * stride + 2 * b], residuals[i * stride + 2 * b + 1])
          let u = (directions[i * stride + 2 * b], directions[i * stride + 2 * b + 1])
          let (cx, cy) = centre(b, Int(expected[i * blocks + b]))
          let other = s - ((r.0 - cx) * u.0 + (r.1 - cy) * u.1)
          var best = Float.infinity
          for j in 0..<16 {
            let (ex, ey) = (r.0 - centre(b, j).0, r.1 - centre(b, j).1)
            let p = (other + ex * u.0) + ey * u.1
            let loss = (ex * ex + ey * ey) + (w * p) * p
            if loss < best {
              best = loss
              expected[i * blocks + b] = UInt8(j)
              s = p
            }
          }
        }
      }
    }
    for avx2 in LUT16.usesAVX2 ? [false, true] : [false] {
      let codes = quantizer.encodeAnisotropic(
        residuals: residuals, directions: directions, weights: weights, count: count,
        avx2: avx2)
      XCTAssertEqual(codes, expected, "avx2 \(avx2)")
    }
  }
}
