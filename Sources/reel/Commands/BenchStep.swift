import ArgumentParser
import Foundation
import Reel

/// `reel bench step`: one training step of the TFRS basic-retrieval and basic-ranking models,
/// and how close each comes to the matrix-product bound.
struct BenchStep: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "step",
    abstract:
      "Median time of one training step (retrieval: two Embedding(32) towers, in-batch softmax; ranking: embeddings + MLP 256-64-1, MSE; both Adagrad(0.1)) and sgemm GFLOP/s."
  )

  @Option(help: "Timed steps per model (the median is reported).") var steps = 10
  @Option(help: "Untimed steps before timing.") var warmUp = 2
  @Option(help: "Examples per batch.") var batch = 8192
  @Option(help: "Timed 1024³ products for sgemm_gflops.") var sgemmRepeats = 5
  @Option(help: "Which models to time: all, retrieval or ranking.") var model = "all"
  @Flag(
    help:
      "Also time both steps with MovieLens-1M vocabularies (6040 users, 3706 movies).")
  var ml1m = false
  @Option(
    help:
      "Ranking's first layer: automatic (fold the Dense kernel into the embedding tables when that is cheaper), always or never (gather, concatenate, Dense)."
  )
  var folding = "automatic"
  @Flag(help: "Also measure GFLOP/s of the products of these models' shapes.") var shapes = false
  @Flag(help: "Print one JSON object instead of text.") var json = false

  func validate() throws {
    guard ["all", "retrieval", "ranking"].contains(model) else {
      throw ValidationError("--model must be all, retrieval or ranking, not '\(model)'")
    }
    guard EmbeddingDenseFolding(rawValue: folding) != nil else {
      throw ValidationError("--folding must be automatic, always or never, not '\(folding)'")
    }
    guard steps > 0, warmUp >= 0, batch > 0, sgemmRepeats > 0 else {
      throw ValidationError("--steps, --batch and --sgemm-repeats must be positive, --warm-up ≥ 0")
    }
  }

  func run() throws {
    var result: [String: Any] = [
      "steps": steps, "warm_up": warmUp, "batch": batch, "ranking_folding": folding,
    ]
    let folding = EmbeddingDenseFolding(rawValue: self.folding)!
    var lines: [String] = []
    let gflops = sgemmGFLOPS(m: 1024, n: 1024, k: 1024, repeats: sgemmRepeats)
    result["sgemm_gflops"] = gflops
    lines.append("sgemm 1024³: \(fmt(gflops, 1)) GFLOP/s")

    func measure(_ key: String, _ label: String, _ bench: TrainingStepBenchmark) {
      let times = bench.time(steps: steps, warmUp: warmUp).sorted()
      let median = times[times.count / 2]
      let bound = bench.matmulFLOPs / (gflops * 1e9)
      result["\(key)_step_ms"] = median * 1e3
      result["\(key)_min_step_ms"] = times[0] * 1e3
      result["\(key)_matmul_gflop"] = bench.matmulFLOPs / 1e9
      result["\(key)_flop_bound_ratio"] = median / bound
      lines.append(
        "\(label): \(fmt(median * 1e3, 1)) ms/step (median of \(steps), min \(fmt(times[0] * 1e3, 1))); "
          + "matmuls \(fmt(bench.matmulFLOPs / 1e9, 2)) GFLOP = \(fmt(bound * 1e3, 1)) ms at "
          + "\(fmt(gflops, 1)) GFLOP/s → \(fmt(median / bound, 2))× the FLOP bound")
    }
    if model != "ranking" {
      measure(
        "retrieval", "retrieval (943 users, 1682 movies, dim 32, batch \(batch))",
        .retrieval(users: 943, movies: 1682, batch: batch))
    }
    if model != "retrieval" {
      measure(
        "ranking", "ranking (943 users, 1682 movies, 32 + 32 → 256 → 64 → 1, batch \(batch))",
        .ranking(users: 943, movies: 1682, batch: batch, folding: folding))
    }
    if ml1m && model != "ranking" {
      measure(
        "retrieval_ml1m", "retrieval (6040 users, 3706 movies, dim 32, batch \(batch))",
        .retrieval(users: 6040, movies: 3706, batch: batch))
    }
    if ml1m && model != "retrieval" {
      measure(
        "ranking_ml1m", "ranking (6040 users, 3706 movies, 32 + 32 → 256 → 64 → 1, batch \(batch))",
        .ranking(users: 6040, movies: 3706, batch: batch, folding: folding))
    }
    if shapes {
      let products: [(String, Int, Int, Int, Bool)] = [
        ("8192x32_32x8192", 8192, 8192, 32, false),
        ("8192x32_8192x32T", 8192, 8192, 32, true),
        ("4096x64_64x1682", 4096, 1682, 64, false),
        ("8192x256_256x64", 8192, 64, 256, false),
        ("1024x1024_1024x1024", 1024, 1024, 1024, false),
      ]
      var rates: [String: Double] = [:]
      for (key, m, n, k, transB) in products {
        rates[key] = sgemmGFLOPS(m: m, n: n, k: k, transB: transB, repeats: 5)
        lines.append("sgemm \(key): \(fmt(rates[key]!, 1)) GFLOP/s")
      }
      result["shape_gflops"] = rates
    }
    if json {
      let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
    } else {
      lines.forEach { print($0) }
    }
  }

  func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
