import ArgumentParser
import Foundation
import Reel

/// `reel synth vectors`: clustered float vectors and queries as `.npy` files, for
/// approximate-search benchmarks (also readable by faiss and ScaNN through NumPy).
///
///     reel synth vectors --count 1000000 --dim 64 --centres 1000 --noise 0.5 \
///       --queries 2000 --seed 1 --out /tmp/ann
struct SynthVectors: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "vectors",
    abstract: "Write OUT/items.npy and OUT/queries.npy: Gaussian clusters (float32, C order).",
    discussion: """
      Centres have N(0, 1) coordinates; each point is a random centre plus N(0, noise²) per \
      coordinate. Queries come from the same distribution.
      """)

  @Option(help: "Items.") var count: Int
  @Option(help: "Dimension.") var dim: Int
  @Option(help: "Cluster centres.") var centres = 1000
  @Option(help: "Standard deviation around a centre.") var noise: Float = 0.5
  @Option(help: "Queries.") var queries = 2000
  @Option(help: "Seed; the same seed writes the same bytes.") var seed: UInt64 = 1
  @Option(help: "Output directory.") var out: String

  func validate() throws {
    guard count > 0, dim > 0, centres > 0, queries >= 0, noise >= 0 else {
      throw ValidationError(
        "--count, --dim and --centres must be positive, --queries and --noise ≥ 0")
    }
  }

  func run() throws {
    let data = ClusteredVectors(
      count: count, queries: queries, dimension: dim, centres: centres, noise: noise, seed: seed)
    let dir = URL(fileURLWithPath: out)
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    try NPYFile.write(data.items, to: dir.appendingPathComponent("items.npy"))
    try NPYFile.write(data.queries, to: dir.appendingPathComponent("queries.npy"))
    print("wrote \(out)/items.npy [\(count), \(dim)] and \(out)/queries.npy [\(queries), \(dim)]")
  }
}
