import Foundation
import ReelPipeline

extension SplitMix64 {
  /// A standard normal draw (Box-Muller).
  ///
  ///     var rng = SplitMix64(seed: 1)
  ///     let z = rng.nextGaussian()   // mean 0, standard deviation 1
  mutating func nextGaussian() -> Double {
    let u1 = max(nextUnit(), 0x1.0p-53)
    let u2 = nextUnit()
    return (-2 * Foundation.log(u1)).squareRoot() * Foundation.cos(2 * Double.pi * u2)
  }

  /// `true` with probability `p`.
  mutating func nextBool(_ p: Double) -> Bool { nextUnit() < p }

  /// An index drawn with probability proportional to `weights`.
  mutating func nextIndex(weights: [Double]) -> Int {
    let total = weights.reduce(0, +)
    var x = nextUnit() * total
    for (i, w) in weights.enumerated() {
      if x < w { return i }
      x -= w
    }
    return weights.count - 1
  }

  /// A uniformly chosen element.
  mutating func pick<T>(_ items: [T]) -> T { items[next(below: items.count)] }
}

/// Walker's alias table: O(1) draws from a fixed discrete distribution.
///
///     let table = AliasTable(weights: [1, 2, 7])
///     var rng = SplitMix64(seed: 3)
///     table.sample(&rng)   // 2 with probability 0.7
struct AliasTable: Sendable {
  private var probability: [Double]
  private var alias: [Int32]

  init(weights: [Double]) {
    let n = weights.count
    precondition(n > 0, "an alias table needs at least one weight")
    let total = weights.reduce(0, +)
    var scaled = weights.map { $0 * Double(n) / total }
    probability = [Double](repeating: 1, count: n)
    alias = [Int32](repeating: 0, count: n)
    var small: [Int] = []
    var large: [Int] = []
    for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
    while let s = small.popLast(), let l = large.last {
      probability[s] = scaled[s]
      alias[s] = Int32(l)
      scaled[l] -= 1 - scaled[s]
      if scaled[l] < 1 {
        large.removeLast()
        small.append(l)
      }
    }
    for i in small + large { probability[i] = 1 }
  }

  /// One draw.
  @inline(__always)
  func sample(_ rng: inout SplitMix64) -> Int {
    let bits = rng.next()
    let i = Int(((bits >> 32) &* UInt64(probability.count)) >> 32)
    let u = Double(bits & 0xFFFF_FFFF) * 0x1.0p-32
    return u < probability[i] ? i : Int(alias[i])
  }
}
