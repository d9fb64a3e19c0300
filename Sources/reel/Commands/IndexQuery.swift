import ArgumentParser
import Foundation
import Reel

/// `reel index query`: the top k items of each query row, printed or written as `.npy`.
///
///     reel index query --index items.scann --queries users.npy -k 10 --out top.npy
struct IndexQuery: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Top-k ids of each row of QUERIES.npy from an index built by `reel index build`.",
    discussion: """
      With --out, writes the ids as an int64 [queries, k] .npy file (padding: \
      \(TopKCandidates.paddingID)) and the scores as float32 next to it (OUT with .scores.npy); \
      otherwise prints one line per query: id:score pairs, best first.
      """)

  @Option(help: "Index file.") var index: String
  @Option(help: "Query embeddings, a 2-D .npy file.") var queries: String
  @Option(name: .short, help: "Results per query.") var k = 10
  @Option(help: "Override the saved leaves searched per query.") var leavesToSearch: Int?
  @Option(help: "Override the saved reorder count.") var reorder: Int?
  @Option(help: "Write ids here (.npy) instead of printing.") var out: String?

  func run() throws {
    var loaded = try ScaNNIndex(contentsOf: URL(fileURLWithPath: index))
    if let l = leavesToSearch { loaded.leavesToSearch = l }
    if let r = reorder { loaded.reorder = r }
    let q = try NPYFile.readMatrix(URL(fileURLWithPath: queries))
    let start = Date()
    let top = try loaded.query(q, k: k)
    let seconds = Date().timeIntervalSince(start)
    if let out = out {
      try NPYFile.write(int64: top.ids, shape: [top.queryCount, k], to: URL(fileURLWithPath: out))
      let scoresPath = (out.hasSuffix(".npy") ? String(out.dropLast(4)) : out) + ".scores.npy"
      try NPYFile.write(top.scores, to: URL(fileURLWithPath: scoresPath))
      print(
        "wrote \(out) and \(scoresPath): \(top.queryCount) queries × \(k) in "
          + "\(String(format: "%.3f", seconds)) s")
    } else {
      let scores = top.scores.scalars
      for i in 0..<top.queryCount {
        let pairs = (0..<k).filter { top.rows[i * k + $0] >= 0 }.map {
          "\(top.ids[i * k + $0]):\(String(format: "%.4f", scores[i * k + $0]))"
        }
        print("\(i)\t" + pairs.joined(separator: " "))
      }
    }
  }
}
