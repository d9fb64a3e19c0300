import Foundation
import Reel

/// `reel tutorial sequential-retrieval`: TFRS's sequential retrieval tutorial, step by step.
enum SequentialRetrievalTutorial: TutorialRunner {
  static let name = "sequential-retrieval"
  static let summary = "next-movie retrieval with a GRU over the last 10 movies, MovieLens 1M format"

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-1m-sequential")
    let (path, say) = (run.path, run.say)
    var configuration = options.settings(SequentialRetrieval.Configuration())
    configuration.logQCorrection = true
    let data = try SequentialRetrievalData(path: path, seed: options.seed)
    configuration.batchSize = SequentialRetrieval.Configuration.scaledBatchSize(
      trainExamples: data.examples.train.rowCount)
    let loadSeconds = run.elapsed
    let generator = data.examples.configuration
    say(
      "1. Read \(data.ratingCount) ratings of \(data.userCount) users and \(data.movieIDs.count) "
        + "movies; drop ratings below \(Int(generator.minRating ?? 0)), sort each user's ratings "
        + "by time (timelines of at least \(generator.minTimelineLength))")
    say(
      "2. Examples: each movie of a timeline after the first is a label, its context the up to "
        + "\(generator.maxContextLength) movies before it (padded with \"0\" at the end); shuffled "
        + "with seed \(options.seed), \(data.examples.train.rowCount) train and "
        + "\(data.examples.test.rowCount) test (\(Int(generator.trainFraction * 100))%) "
        + "(\(String(format: "%.2f", loadSeconds)) s)")
    say(
      "3. Model: query tower StringLookup(context_movie_id) → Embedding(movies + 1, 32) → GRU(32); "
        + "candidate tower StringLookup(label_movie_id) → Embedding(movies + 1, 32); Retrieval "
        + "task (in-batch softmax with the logQ correction from training label frequencies) "
        + "with FactorizedTopK over all \(data.movieIDs.count) movies, in evaluation only")
    say(
      "4. Fit: \(configuration.epochs) epochs over batches of \(configuration.batchSize) "
        + "(TFRS's 12,800 scaled to this data's size: about 70 steps per epoch, as on ML-1M), "
        + "reshuffled each epoch, Adagrad(learning rate \(configuration.learningRate))")
    let result = try SequentialRetrieval.run(
      data: data, configuration: configuration,
      callbacks: [TrainingOutput.progress(json: options.json)])
    say("5. Evaluate on the \(result.testExamples) test examples (batches of \(configuration.testBatchSize)):")
    var short: [String: Double] = ["loss": result.metrics["loss"] ?? .nan]
    for (k, v) in result.topK { short["top_\(k)_categorical_accuracy"] = v }
    TrainingOutput.metricLines(short).forEach(say)
    let f = { (x: Double?) in String(format: "%.4f", x ?? .nan) }
    say(
      "   most-popular baseline (training label counts) on the same test examples: top_10 "
        + "\(f(result.popularTopK[10])), top_100 \(f(result.popularTopK[100]))")
    try run.finish { _ in
      var object: [String: Any] = [
        "train_rows": result.trainExamples, "test_rows": result.testExamples,
        "movies": result.movies, "epochs": result.history.epochs.count,
        "epoch_seconds": result.history.epochs.map(\.seconds), "load_seconds": loadSeconds,
        "evaluate_seconds": result.evaluationSeconds,
        "logq_correction": configuration.logQCorrection, "batch_size": configuration.batchSize,
      ]
      for (key, value) in short { object[key] = value }
      for (k, v) in result.popularTopK { object["popular_top_\(k)_categorical_accuracy"] = v }
      return object
    }
  }
}
