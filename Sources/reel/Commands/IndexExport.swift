import ArgumentParser
import Foundation
import Reel

/// `reel index export`: a retrieval model's embeddings as `.npy` files, for faiss, scann or
/// `reel index build --items`.
///
///     reel index export --model model --out vectors
struct IndexExport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Write a retrieval model's movie and user embeddings as .npy files.",
    discussion: """
      Writes to DIR: movies.npy (float32 [movies, d], row i = MODELDIR/movies.json[i]), \
      movie_ids.npy (int64 row numbers, the ids `reel index build --model` uses), users.npy \
      (float32 [users, d], row i = MODELDIR/users.json[i]), and movies.json, users.json (the \
      titles and user ids of the rows). A movie's score for a user is the dot product.
      """)

  @Option(help: "A retrieval model directory (reel train retrieval --out).") var model: String
  @Option(help: "Directory to write the files to (created if needed).") var out: String

  func run() throws {
    let loaded = try ModelDirectory.load(from: URL(fileURLWithPath: model))
    guard loaded.manifest.kind == .retrieval else {
      throw ValidationError(
        "\(model) holds a ranking model; only a retrieval model has embeddings to index")
    }
    let r = loaded.recommender
    let movies = try r.candidateEmbeddings()
    let users = try r.userEmbeddings()
    let folder = URL(fileURLWithPath: out)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try NPYFile.write(movies, to: folder.appendingPathComponent("movies.npy"))
    try NPYFile.write(
      int64: r.movies.indices.map { Int64($0) }, to: folder.appendingPathComponent("movie_ids.npy"))
    try NPYFile.write(users, to: folder.appendingPathComponent("users.npy"))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    try AtomicFile.write(encoder.encode(r.movies), to: folder.appendingPathComponent("movies.json"))
    try AtomicFile.write(encoder.encode(r.users), to: folder.appendingPathComponent("users.json"))
    print(
      "wrote \(out): movies.npy \(movies.shape), users.npy \(users.shape), movie_ids.npy, "
        + "movies.json, users.json")
  }
}
