import ArgumentParser
import Foundation
import Reel

/// `reel index build`: a ``ScaNNIndex`` from a `.npy` matrix of item embeddings, or from a
/// trained retrieval model's candidate embeddings.
///
///     reel index build --items items.npy --ids ids.npy --out items.scann --leaves 1000
///     reel index build --model model --leaves 40 --reorder 200   # writes model/candidates.scann
struct IndexBuild: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Build an approximate top-K index from ITEMS.npy ([n, d] float32/float64) or "
      + "from a retrieval model's movie embeddings.",
    discussion: """
      With --model, the ids are the movies' positions in MODELDIR/movies.json and the index \
      is written to MODELDIR/\(ModelIndex.defaultFileName) unless --out is given; \
      `reel recommend --index` uses it.
      """)

  @Option(help: "Item embeddings, a 2-D .npy file.") var items: String?
  @Option(help: "Item ids, a 1-D int64/int32 .npy file (default: row numbers).") var ids: String?
  @Option(help: "A retrieval model directory (reel train retrieval --out) to index.")
  var model: String?
  @Option(help: "Index file to write (default with --model: inside the model directory).")
  var out: String?
  @Option(help: "k-means leaves (default ≈√n).") var leaves: Int?
  @Option(help: "Leaves searched per query (default ⌈leaves/10⌉).") var leavesToSearch: Int?
  @Option(help: "Candidates re-scored exactly per query.") var reorder = 100
  @Option(help: "Anisotropic quantization threshold T (ScaNN's; default: plain PQ).")
  var anisotropicThreshold: Float?
  @Option(help: "Rows used to train k-means and the codebook.") var trainingSample = 100_000
  @Option(help: "Seed of the build.") var seed: UInt64 = 0
  @Flag(help: "No progress lines on standard error.") var quiet = false

  func validate() throws {
    guard (items == nil) != (model == nil) else {
      throw ValidationError("give either --items or --model")
    }
    if model != nil, ids != nil {
      throw ValidationError("--ids is for --items; a model's ids are its movie positions")
    }
    if items != nil, out == nil { throw ValidationError("--items needs --out") }
  }

  func run() throws {
    let start = Date()
    let matrix: Tensor
    var idList: [Int64]? = nil
    var out = self.out ?? ""
    if let model = model {
      let folder = URL(fileURLWithPath: model)
      let loaded = try ModelDirectory.load(from: folder)
      guard loaded.manifest.kind == .retrieval else {
        throw ValidationError(
          "\(model) holds a ranking model; only a retrieval model has embeddings to index")
      }
      matrix = try loaded.recommender.candidateEmbeddings()
      if self.out == nil { out = ModelIndex.defaultURL(model: folder).path }
    } else {
      matrix = try NPYFile.readMatrix(URL(fileURLWithPath: items!))
      idList = try ids.map { try NPYFile.readIDs(URL(fileURLWithPath: $0)) }
    }
    let config = ScaNNIndex.Configuration(
      leaves: leaves, leavesToSearch: leavesToSearch, reorder: reorder,
      anisotropicThreshold: anisotropicThreshold, trainingSampleSize: trainingSample, seed: seed)
    var last = ""
    let index = try ScaNNIndex(candidates: matrix, ids: idList, configuration: config) { p in
      guard !quiet else { return }
      let line = "\(p.stage.rawValue) \(Int(p.fraction * 100))%"
      if line != last {
        FileHandle.standardError.write(Data((line + "\n").utf8))
        last = line
      }
    }
    let built = Date().timeIntervalSince(start)
    try index.save(to: URL(fileURLWithPath: out))
    let bytes = (try? FileManager.default.attributesOfItem(atPath: out)[.size] as? Int) ?? 0
    print(
      "wrote \(out): \(index.count) items of dimension \(index.dimension), \(index.leafCount) "
        + "leaves (search \(index.leavesToSearch), reorder \(index.reorder)"
        + (anisotropicThreshold.map { ", anisotropic T=\($0)" } ?? "")
        + "), \(bytes) bytes, built in \(String(format: "%.2f", built)) s")
  }
}
