import ArgumentParser
import Foundation
import Reel

/// `reel bench ann`: brute force against the approximate index over a grid of search
/// settings: recall@k, queries per second and build time per setting.
///
///     reel bench ann --items items.npy --queries queries.npy -k 10 --json
struct BenchANN: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ann",
    abstract:
      "Recall@k and queries/s of the approximate index against brute force over leaves-to-search × reorder.",
    discussion: """
      Queries run as one batch on every core; times are the best of --repeats runs. \
      recall_at_k is the mean fraction of each query's exact top k (brute force) found.
      """)

  @Option(help: "Item embeddings, a 2-D .npy file.") var items: String
  @Option(help: "Query embeddings, a 2-D .npy file.") var queries: String
  @Option(name: .short, help: "Results per query.") var k = 10
  @Option(help: "k-means leaves (default ≈√n).") var leaves: Int?
  @Option(help: "Comma-separated leaves-to-search values.") var leavesToSearch = "10,20,40,80"
  @Option(help: "Comma-separated reorder values.") var reorder = "20,50,100,200"
  @Option(help: "Anisotropic threshold T (default: plain PQ).") var anisotropicThreshold: Float?
  @Option(help: "Rows used to train k-means and the codebook.") var trainingSample = 100_000
  @Option(help: "Timed runs per setting (the best is kept).") var repeats = 3
  @Option(help: "Seed of the build.") var seed: UInt64 = 0
  @Flag(help: "Print one JSON object instead of text.") var json = false

  func parseList(_ text: String, _ name: String) throws -> [Int] {
    let values = text.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
    guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) > 0 }) else {
      throw ValidationError("--\(name) must be a comma-separated list of positive integers")
    }
    return values.map { $0! }
  }

  func validate() throws {
    _ = try parseList(leavesToSearch, "leaves-to-search")
    _ = try parseList(reorder, "reorder")
    guard k > 0, repeats > 0 else { throw ValidationError("-k and --repeats must be positive") }
  }

  /// The best wall time of `repeats` runs of `body`, and its last result.
  func best<T>(_ body: () throws -> T) rethrows -> (Double, T) {
    var fastest = Double.infinity
    var result: T? = nil
    for _ in 0..<repeats {
      let start = DispatchTime.now().uptimeNanoseconds
      result = try body()
      fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return (fastest, result!)
  }

  func run() throws {
    let itemMatrix = try NPYFile.readMatrix(URL(fileURLWithPath: items))
    let queryMatrix = try NPYFile.readMatrix(URL(fileURLWithPath: queries))
    let nq = queryMatrix.shape[0]
    let brute = try BruteForce(candidates: itemMatrix)
    let (bruteSeconds, exactTop) = try best { try brute.query(queryMatrix, k: k) }
    let exact = (0..<nq).map { Set(exactTop.ids(ofQuery: $0)) }
    var lines = [
      "items \(itemMatrix.shape), queries \(queryMatrix.shape), k \(k), \(ProcessInfo.processInfo.activeProcessorCount) cores",
      "brute force: \(fmt(Double(nq) / bruteSeconds, 0)) queries/s",
    ]
    var result: [String: Any] = [
      "items": itemMatrix.shape, "queries": queryMatrix.shape, "k": k,
      "brute_force": ["queries_per_second": Double(nq) / bruteSeconds, "recall_at_k": 1.0],
    ]
    let buildStart = Date()
    var index = try ScaNNIndex(
      candidates: itemMatrix,
      configuration: .init(
        leaves: leaves, anisotropicThreshold: anisotropicThreshold,
        trainingSampleSize: trainingSample, seed: seed))
    let buildSeconds = Date().timeIntervalSince(buildStart)
    lines.append(
      "index: \(index.leafCount) leaves, anisotropic threshold "
        + "\(anisotropicThreshold.map { "\($0)" } ?? "none"), built in \(fmt(buildSeconds, 2)) s")
    result["leaves"] = index.leafCount
    result["build_seconds"] = buildSeconds
    result["anisotropic_threshold"] = anisotropicThreshold.map { Double($0) } ?? NSNull()
    var settings: [[String: Any]] = []
    for l in try parseList(leavesToSearch, "leaves-to-search") {
      for r in try parseList(reorder, "reorder") {
        index.leavesToSearch = l
        index.reorder = r
        let (seconds, top) = try best { try index.query(queryMatrix, k: k) }
        var hits = 0
        for q in 0..<nq { hits += top.ids(ofQuery: q).filter { exact[q].contains($0) }.count }
        let recall = Double(hits) / Double(nq * k)
        let qps = Double(nq) / seconds
        settings.append([
          "leaves_to_search": l, "reorder": r, "recall_at_k": recall, "queries_per_second": qps,
          "build_seconds": buildSeconds,
        ])
        lines.append(
          "leaves_to_search \(l) reorder \(r): recall_at_k \(fmt(recall, 4)) "
            + "queries_per_second \(fmt(qps, 0)) build_seconds \(fmt(buildSeconds, 2))")
      }
    }
    result["settings"] = settings
    if json {
      let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
      print(String(decoding: data, as: UTF8.self))
    } else {
      lines.forEach { print($0) }
    }
  }

  func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
}
