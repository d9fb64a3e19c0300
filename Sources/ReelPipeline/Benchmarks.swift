import Foundation

/// The pipelines `reel bench pipeline` times, defined here so that tests can run them small.
public enum PipelineBenchmarks {
  /// range → map → filter → shuffle(10_000) → batch(1024) → prefetch(2); returns the number of
  /// elements that reached the end.
  public static func chain(elements: Int, seed: UInt64 = 42) throws -> Int {
    let ds = Datasets.range(0..<elements)
      .map { $0 &* 3 &+ 1 }
      .filter { $0 % 5 != 0 }
      .shuffle(bufferSize: 10_000, seed: seed)
      .batch(size: 1024)
      .prefetch(2)
    var iterator = ds.makeIterator()
    var count = 0
    var checksum = 0
    while let batch = try iterator.next() {
      count += batch.count
      checksum &+= batch[0]
    }
    blackHole(checksum)
    return count
  }

  /// A CPU-heavy map (2,000 steps of `v = 0.999 v + 0.5 sin v` per element) over `elements`
  /// elements with `parallelism` workers; returns the sum of the results.
  public static func heavyMap(elements: Int, parallelism: Int) throws -> Float {
    let ds = Datasets.range(0..<elements).map(parallelism: parallelism, chunkSize: 16, heavy)
    return try ds.reduce(0, +)
  }

  /// The per-element work of ``heavyMap(elements:parallelism:)``.
  @inline(never)
  public static func heavy(_ x: Int) -> Float {
    var v = Float(x % 1000) / 1000
    for _ in 0..<2000 { v = v * 0.999 + 0.5 * sin(v) }
    return v
  }

  @inline(never)
  static func blackHole(_ x: Int) { if x == 42 { print("") } }
}
