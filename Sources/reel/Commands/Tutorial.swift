import ArgumentParser
import Foundation
import Reel

/// `reel tutorial NAME`: the TFRS tutorials, step by step, on the bundled fixtures.
struct Tutorial: ParsableCommand {
  /// Every tutorial, in the order TFRS teaches them. A new tutorial adds one line here.
  static let runners: [any TutorialRunner.Type] = [
    BasicRetrievalTutorial.self,
    BasicRankingTutorial.self,
    EfficientServingTutorial.self,
    FeaturizationTutorialRunner.self,
    ContextFeaturesTutorialRunner.self,
    DeepRetrievalTutorial.self,
    SequentialRetrievalTutorial.self,
    MultitaskTutorialRunner.self,
    ListwiseRankingTutorialRunner.self,
    DCNTutorialRunner.self,
  ]

  static let configuration = CommandConfiguration(
    abstract: "Run a TFRS tutorial, explaining each step.",
    discussion: "Tutorials:\n"
      + runners.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n")
      + "\nEach runs on the bundled fixture unless --data is given. See Docs/Tutorials/.")

  @Argument(
    help: ArgumentHelp("The tutorial.", valueName: "name"),
    completion: .list(runners.map { $0.name }))
  var name: String
  @Option(help: "MovieLens folder or .zip, or shards from reel preprocess (default: the fixture).")
  var data: String?
  @Option(help: "Seed of the split, the shuffles and the initialization.") var seed: UInt64 = 42
  @Option(help: "Epochs (default: the tutorial's own).") var epochs: Int?
  @Option(help: "Repeated runs for tutorials that report mean ± std (default: the tutorial's own).")
  var runs: Int?
  @Option(help: "The user whose recommendations retrieval tutorials print.") var user = "42"
  @Flag(help: "Print one JSON object with the run's figures on stdout (steps to stderr).")
  var json = false
  @Option(help: "Also save the trained model (or the tutorial's figures) here.") var out: String?
  @OptionGroup var metricsOption: TrainingMetricsOption

  func validate() throws {
    guard Self.runners.contains(where: { $0.name == name }) else {
      throw ValidationError(
        TutorialError.unknownTutorial(name, known: Self.runners.map { $0.name }).description)
    }
    if let epochs = epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
    if let runs = runs, runs < 1 { throw ValidationError("--runs must be at least 1") }
  }

  func run() throws {
    let options = TutorialOptions(
      data: data, seed: seed, epochs: epochs, runs: runs, user: user, json: json, out: out,
      trainingMetrics: metricsOption.trainingMetrics)
    guard let runner = Self.runners.first(where: { $0.name == name }) else { return }
    do {
      try runner.run(options)
    } catch let error as TutorialError {
      throw ValidationError(error.description)
    }
  }
}
