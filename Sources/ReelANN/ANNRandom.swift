/// The seeded generator of index builds (SplitMix64): the same seed gives the same index.
struct ANNRandom: RandomNumberGenerator {
  private var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform Double in [0, 1).
  mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// `count` distinct indices of `0..<n` (all of them, shuffled, when `count >= n`).
  mutating func sample(_ count: Int, of n: Int) -> [Int] {
    var indices = Array(0..<n)
    let m = min(count, n)
    for i in 0..<m {
      let j = i + Int(next() % UInt64(n - i))
      indices.swapAt(i, j)
    }
    return Array(indices[0..<m])
  }
}
