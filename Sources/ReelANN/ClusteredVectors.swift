import Foundation
import ReelTensor

/// Seeded synthetic vectors with clustered structure, for benchmarks and tutorials of
/// approximate search: `centres` centres with N(0, 1) coordinates, and points at a random
/// centre plus N(0, noise²) per coordinate. Queries come from the same distribution.
///
///     let data = ClusteredVectors(count: 1_000_000, queries: 2_000, dimension: 64,
///                                 centres: 1_000, noise: 0.5, seed: 1)
///     try NPYFile.write(data.items, to: URL(fileURLWithPath: "items.npy"))
public struct ClusteredVectors: Sendable {
  /// `[count, dimension]` items.
  public let items: Tensor
  /// `[queries, dimension]` queries.
  public let queries: Tensor

  /// Draws the items and then the queries; the same arguments give the same vectors.
  ///
  /// - Complexity: O((count + queries) · dimension).
  public init(
    count: Int, queries queryCount: Int, dimension: Int, centres: Int, noise: Float, seed: UInt64
  ) {
    precondition(
      count >= 0 && queryCount >= 0 && dimension > 0 && centres > 0, "ClusteredVectors: bad sizes")
    var random = ANNRandom(seed: seed)
    func normal() -> Float {
      let u = (Double(random.next() >> 11) + 0.5) * 0x1.0p-53
      let v = Double(random.next() >> 11) * 0x1.0p-53
      return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }
    let means = (0..<(centres * dimension)).map { _ in normal() }
    func draw(_ n: Int) -> Tensor {
      var out = Tensor(shape: [n, dimension], repeating: 0)
      out.withUnsafeMutableBufferPointer { values in
        for i in 0..<n {
          let c = Int(random.next() % UInt64(centres))
          for j in 0..<dimension {
            values[i * dimension + j] = means[c * dimension + j] + noise * normal()
          }
        }
      }
      return out
    }
    items = draw(count)
    queries = draw(queryCount)
  }
}
