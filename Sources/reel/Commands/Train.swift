import ArgumentParser
import Foundation
import Reel

/// `reel train retrieval|ranking --data PATH --out MODELDIR`: trains a basic tutorial model and
/// saves it as a model directory.
struct Train: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Train a basic retrieval or ranking model on MovieLens ratings and save it.",
    discussion: """
      PATH is a MovieLens release folder or .zip, or shards written by `reel preprocess \
      movielens` (its output folder or one dataset folder). The ratings are shuffled with the \
      seed and split 80/20, as the TFRS tutorials do; the model directory gets the weights, \
      vocabularies, the candidate index (retrieval), the history and the test metrics.
      """)

  @Argument(help: "retrieval or ranking.") var task: TutorialTask
  @Option(help: "MovieLens folder or .zip, or shards from reel preprocess.") var data: String
  @Option(help: "Output model directory.") var out: String
  @Option(help: "Training epochs.") var epochs = 3
  @Option(help: "Training batch size.") var batchSize = 8192
  @Option(help: "Embedding dimension.") var embeddingDim = 32
  @Option(help: "Learning rate.") var learningRate: Float = 0.1
  @Option(help: "adagrad, sgd or adam.") var optimizer = OptimizerKind.adagrad
  @Option(help: "Seed of the split, the shuffles and the initialization.") var seed: UInt64 = 42
  @OptionGroup var metricsOption: TrainingMetricsOption
  @Flag(help: "Reshuffle the training batches every epoch (default: replay the first epoch's order, as the tutorials' cache() does).")
  var reshuffle = false
  @Option(
    help: "Also write the training rows of every epoch in batch order and the test rows to DIR/batches.json (for Benchmarks/ranking_parity.py).")
  var exportBatches: String?
  @Flag(help: "Print one JSON object with the run's figures on stdout (progress to stderr).")
  var json = false

  func recipe() -> TrainingRecipe {
    var recipe = TrainingRecipe(task: task)
    recipe.epochs = epochs
    recipe.batchSize = batchSize
    recipe.embeddingDimension = embeddingDim
    recipe.learningRate = learningRate
    recipe.optimizer = optimizer
    recipe.seed = seed
    recipe.trainingMetrics = metricsOption.trainingMetrics
    recipe.reshuffleEachEpoch = reshuffle
    return recipe
  }

  func validate() throws {
    do { try recipe().validate() } catch let error as RecommenderError {
      throw ValidationError(error.reason)
    }
  }

  func run() throws {
    let start = ContinuousClock.now
    let ratings = try TutorialRatings(path: data)
    let loadSeconds = TrainingOutput.since(start)
    let say: (String) -> Void = json ? TrainingOutput.note : { print($0) }
    say(
      "\(data): \(ratings.ratings.rowCount) ratings, \(ratings.userIDs.count) users, "
        + "\(ratings.movieTitles.count) movies (\(String(format: "%.2f", loadSeconds)) s)")
    if let folder = exportBatches {
      let recipe = recipe()
      try BatchExport.write(
        split: ratings.split(seed: recipe.seed, trainFraction: recipe.trainFraction),
        recipe: recipe, to: URL(fileURLWithPath: folder))
    }
    let outcome = try TutorialTraining.run(
      data: ratings, recipe: recipe(), callbacks: [TrainingOutput.progress(json: json)])
    try ModelDirectory.save(outcome, data: ratings, to: URL(fileURLWithPath: out))
    let total = TrainingOutput.since(start)
    if json {
      var object = TrainingOutput.summary(
        task: task, outcome: outcome, totalSeconds: total, loadSeconds: loadSeconds)
      object["model"] = out
      try TrainingOutput.printJSON(object)
    } else {
      print("test metrics (\(outcome.testRows) ratings):")
      for line in TrainingOutput.metricLines(outcome.shortMetrics) { print(line) }
      print("model saved to \(out) in \(String(format: "%.2f", total)) s")
    }
  }
}
