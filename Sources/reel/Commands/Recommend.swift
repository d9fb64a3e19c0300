import ArgumentParser
import Foundation
import Reel

/// `reel recommend --model MODELDIR --user ID [-k 10] [--exclude-seen] [--index [INDEX]]`.
struct Recommend: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Print a user's top-k movies from a saved model.",
    discussion: """
      A retrieval model scores every movie in its saved index by the dot product with the \
      user's embedding; a ranking model predicts the rating of every movie. --exclude-seen \
      leaves out the movies the user rated in the training data. --index (retrieval) queries \
      the approximate index built by `reel index build --model` instead (MODELDIR/\
      \(ModelIndex.defaultFileName) when INDEX is omitted); it must hold this model's movie \
      embeddings.
      """)

  @Option(help: "Model directory written by reel train or reel tutorial --out.") var model: String
  @Option(help: "The user id (as in the ratings, e.g. 42).") var user: String
  @Option(name: .short, help: "How many movies.") var k = 10
  @Flag(help: "Leave out the movies the user rated in training.") var excludeSeen = false
  @Option(
    defaultAsFlag: "",
    help: ArgumentHelp(
      "Use an approximate index (alone: the one inside the model directory).",
      valueName: "index"))
  var index: String?
  @Flag(help: "Print one JSON object.") var json = false

  func validate() throws {
    guard k >= 1 else { throw ValidationError("-k must be ≥ 1") }
  }

  func run() throws {
    let loaded = try ModelDirectory.load(from: URL(fileURLWithPath: model))
    var approximate: ScaNNIndex? = nil
    if let path = index {
      guard loaded.manifest.kind == .retrieval else {
        throw ValidationError("--index needs a retrieval model; \(model) holds a ranking model")
      }
      let url =
        path.isEmpty
        ? ModelIndex.defaultURL(model: URL(fileURLWithPath: model)) : URL(fileURLWithPath: path)
      approximate = try ModelIndex.load(from: url, for: loaded.recommender)
    }
    let list = try loaded.recommender.recommend(
      user: user, k: k, excludeSeen: excludeSeen, using: approximate)
    if json {
      try TrainingOutput.printJSON([
        "user": user, "task": loaded.manifest.kind.rawValue,
        "index": approximate == nil ? "brute_force" : "approximate",
        "titles": list.map(\.title), "scores": list.map { Double($0.score) },
      ])
    } else {
      let what = loaded.manifest.kind == .retrieval ? "score" : "predicted rating"
      print(
        "top \(list.count) for user \(user) (\(loaded.manifest.kind.rawValue) model, \(what)"
          + "\(excludeSeen ? ", rated movies excluded" : "")"
          + "\(approximate == nil ? "" : ", approximate index")):")
      TrainingOutput.printRecommendations(list)
    }
  }
}
