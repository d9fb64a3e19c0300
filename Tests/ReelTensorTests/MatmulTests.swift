import ReelPipeline
import XCTest

@testable import ReelTensor

final class MatmulTests: XCTestCase {
  /// A plain triple loop in Double, the reference for every transpose combination.
  private func reference(_ a: Tensor, _ b: Tensor, _ ta: Bool, _ tb: Bool) -> [Double] {
    let m = ta ? a.shape[1] : a.shape[0]
    let k = ta ? a.shape[0] : a.shape[1]
    let n = tb ? b.shape[0] : b.shape[1]
    var out = [Double](repeating: 0, count: m * n)
    for i in 0..<m {
      for j in 0..<n {
        var s = 0.0
        for p in 0..<k {
          let x = ta ? a[p, i] : a[i, p]
          let y = tb ? b[j, p] : b[p, j]
          s += Double(x) * Double(y)
        }
        out[i * n + j] = s
      }
    }
    return out
  }

  func testEveryTransposeCombinationMatchesTripleLoop() {
    var rng = SplitMix64(seed: 7)
    let (m, k, n) = (5, 7, 3)
    for ta in [false, true] {
      for tb in [false, true] {
        let a = randomTensor(ta ? [k, m] : [m, k], &rng)
        let b = randomTensor(tb ? [n, k] : [k, n], &rng)
        let c = matmul(a, b, transposeA: ta, transposeB: tb)
        XCTAssertEqual(c.shape, [m, n])
        let expected = reference(a, b, ta, tb)
        for (x, y) in zip(c.scalars, expected) {
          XCTAssertEqual(Double(x), y, accuracy: 1e-5, "ta=\(ta) tb=\(tb)")
        }
      }
    }
  }

  func testLeadingDimensionsOfAAreKept() {
    let a = Tensor(shape: [2, 2, 3], scalars: (0..<12).map(Float.init))
    let b = Tensor(rows: [[1], [1], [1]])
    let c = matmul(a, b)
    XCTAssertEqual(c.shape, [2, 2, 1])
    XCTAssertEqual(c.scalars, [3, 12, 21, 30])
  }

  func testEmptyInnerDimensionGivesZeros() {
    let c = matmul(Tensor(shape: [2, 0]), Tensor(shape: [0, 3]))
    XCTAssertEqual(c, Tensor(shape: [2, 3], repeating: 0))
  }

  func testRowViewsAreMultipliedWithoutCopyingTheirBase() {
    let a = Tensor(shape: [4, 2], scalars: [1, 0, 0, 1, 2, 0, 0, 2])
    let c = matmul(a.rows(2..<4), Tensor(rows: [[1, 2], [3, 4]]))
    XCTAssertEqual(c.scalars, [2, 4, 6, 8])
  }
}
