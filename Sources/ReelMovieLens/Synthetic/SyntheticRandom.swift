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
  /// Per column: the chance of keeping the column (as a 32-bit threshold) and its alias,
  /// packed in one word so that a draw touches one cache line.
  private var columns: [UInt64]

  init(weights: [Double]) {
    let n = weights.count
    precondition(n > 0, "an alias table needs at least one weight")
    let total = weights.reduce(0, +)
    var scaled = weights.map { $0 * Double(n) / total }
    var probability = [Double](repeating: 1, count: n)
    var alias = (0..<n).map { Int32($0) }
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
    for i in small + large {
      probability[i] = 1
      alias[i] = Int32(i)
    }
    columns = (0..<n).map { i in
      let keep = UInt64(min(Double(UInt32.max), (probability[i] * 0x1p32).rounded(.down)))
      return keep << 32 | UInt64(UInt32(bitPattern: alias[i]))
    }
  }

  /// One draw.
  @inline(__always)
  func sample(_ rng: inout SplitMix64) -> Int {
    let bits = rng.next()
    let i = Int(((bits >> 32) &* UInt64(columns.count)) >> 32)
    let column = columns[i]
    return bits & 0xFFFF_FFFF < column >> 32 ? i : Int(UInt32(truncatingIfNeeded: column))
  }
}
