import Foundation
import ReelTensor

/// Seeded Gaussian clusters: `centres` centres drawn from N(0, 1) per coordinate, points at a
/// centre plus N(0, noise²) per coordinate (the benchmark's distribution, smaller).
struct ClusteredData {
  let items: Tensor
  let queries: Tensor

  init(count: Int, queries queryCount: Int, dimension: Int, centres: Int, noise: Float, seed: UInt64) {
    var state = seed
    func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    func normal() -> Float {
      let u = (Double(next() >> 11) + 0.5) * 0x1.0p-53
      let v = Double(next() >> 11) * 0x1.0p-53
      return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }
    let means = (0..<(centres * dimension)).map { _ in normal() }
    func draw(_ n: Int) -> Tensor {
      var values = [Float](repeating: 0, count: n * dimension)
      for i in 0..<n {
        let c = Int(next() % UInt64(centres))
        for j in 0..<dimension { values[i * dimension + j] = means[c * dimension + j] + noise * normal() }
      }
      return Tensor(shape: [n, dimension], scalars: values)
    }
    items = draw(count)
    queries = draw(queryCount)
  }
}

/// The mean fraction of each query's exact top-k ids that the approximate result holds.
func recall(_ approximate: [[Int64]], _ exact: [[Int64]]) -> Double {
  var hits = 0
  var total = 0
  for (a, e) in zip(approximate, exact) {
    let found = Set(a)
    hits += e.filter { found.contains($0) }.count
    total += e.count
  }
  return Double(hits) / Double(max(total, 1))
}
