import ArgumentParser
import Foundation
import Reel

/// `reel evaluate --model MODELDIR [--data PATH]`: re-splits the data with the model's seed
/// and evaluates on the test part.
struct Evaluate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Evaluate a saved model on the test split of its data (or of --data).")

  @Option(help: "Model directory written by reel train or reel tutorial --out.") var model: String
  @Option(help: "Data to split with the model's seed (default: the path the model was trained on).")
  var data: String?
  @Flag(help: "Print one JSON object.") var json = false

  func run() throws {
    let start = ContinuousClock.now
    let loaded = try ModelDirectory.load(from: URL(fileURLWithPath: model))
    let path = data ?? loaded.manifest.data.path
    let ratings = try TutorialRatings(path: path)
    let (metrics, testRows) = try TutorialTraining.evaluate(loaded.recommender, data: ratings)
    var short: [String: Double] = [:]
    for (name, value) in metrics {
      let key =
        name == "root_mean_squared_error"
        ? "rmse" : String(name.split(separator: "/").last ?? Substring(name))
      short[key] = value
    }
    if json {
      var object: [String: Any] = [
        "task": loaded.manifest.kind.rawValue, "test_rows": testRows, "data": path,
        "total_seconds": TrainingOutput.since(start),
      ]
      for (key, value) in short { object[key] = value }
      try TrainingOutput.printJSON(object)
    } else {
      print(
        "\(loaded.manifest.kind.rawValue) model \(model) on \(path) "
          + "(seed \(loaded.manifest.recipe.seed), \(testRows) test ratings):")
      for line in TrainingOutput.metricLines(short) { print(line) }
    }
  }
}
