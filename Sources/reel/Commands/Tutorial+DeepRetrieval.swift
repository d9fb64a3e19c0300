import Foundation
import Reel

/// `reel tutorial deep-retrieval`: TFRS's deep recommenders tutorial, step by step.
enum DeepRetrievalTutorial: TutorialRunner {
  static let name = "deep-retrieval"
  static let summary = "two-tower retrieval with 1, 2 and 3 dense layers per tower, MovieLens 100K"

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k")
    let (path, say) = (run.path, run.say)
    var configuration = options.settings(DeepRetrieval.Configuration())
    configuration.validationFrequency = 1  // evaluation is cheap here: a point per epoch
    configuration.logQCorrection = true
    let data = try TutorialRatings(path: path)
    let n = data.ratings.rowCount
    let trainRows = Int((Double(n) * configuration.trainFraction).rounded(.down))
    say(
      "1. Read \(n) ratings (user_id, movie_title, timestamp) and \(data.movieTitles.count) "
        + "movie titles; split with seed \(options.seed): \(trainRows) train, \(n - trainRows) test")
    say(
      "2. Features (adapted on all ratings and titles): user_id StringLookup → Embedding(32); "
        + "timestamp Discretization(1000 linspace boundaries) → Embedding(32) and Normalization; "
        + "movie_title StringLookup → Embedding(32); title TextVectorization(10,000) → "
        + "Embedding(10,000, 32, mask_zero) → GlobalAveragePooling1D")
    say(
      "3. Models: both towers end in Dense layers [32], [64, 32] or [128, 64, 32] (ReLU except "
        + "the last); Retrieval task (in-batch softmax with the logQ correction from training "
        + "title frequencies) with FactorizedTopK over all titles, in evaluation only")
    say(
      "4. Fit each: \(configuration.epochs) epochs (TFRS trains 300) over batches of "
        + "\(configuration.batchSize), reshuffled each epoch, Adagrad(\(configuration.learningRate)); "
        + "validation every \(configuration.validationFrequency) epoch(s) on batches of "
        + "\(configuration.testBatchSize)")
    let result = try DeepRetrieval.run(
      data: data, configuration: configuration,
      callbacks: [TrainingOutput.progress(json: options.json)],
      willTrain: { say("   layers \($0):") })
    let f = { (x: Double?) in String(format: "%.4f", x ?? .nan) }
    say("5. Test top-100 accuracy after \(configuration.epochs) epochs:")
    for depth in result.depths {
      say(
        "   \(depth.layerSizes): top_100 \(f(depth.topK[100])), top_10 \(f(depth.topK[10])) "
          + "(\(String(format: "%.1f", depth.trainSeconds)) s)")
    }
    say(
      "   most-popular baseline on the same test ratings: top_100 \(f(result.popularTopK[100])), "
        + "top_10 \(f(result.popularTopK[10]))")
    if let out = options.out {
      let svg = SeriesPlot.svg(
        title: "validation top-100 accuracy (\(path))", xLabel: "epoch",
        series: result.depths.map { depth in
          ("\(depth.layerSizes)", depth.validationTop100.map { (Double($0.epoch), $0.value) })
        })
      try AtomicFile.write(Data(svg.utf8), to: URL(fileURLWithPath: out))
      say("wrote the validation curves to \(out)")
    }
    try run.finish { _ in
      var object: [String: Any] = [
        "train_rows": result.trainRows, "test_rows": result.testRows,
        "epochs": configuration.epochs, "logq_correction": configuration.logQCorrection,
      ]
      for depth in result.depths {
        let key = "layers_" + depth.layerSizes.map(String.init).joined(separator: "_")
        object[key + "_top_100_categorical_accuracy"] = depth.topK[100]
        object[key + "_top_10_categorical_accuracy"] = depth.topK[10]
        object[key + "_train_seconds"] = depth.trainSeconds
        object[key + "_validation_top_100"] = depth.validationTop100.map { [$0.epoch, $0.value] as [Any] }
      }
      for (k, v) in result.popularTopK { object["popular_top_\(k)_categorical_accuracy"] = v }
      return object
    }
  }
}
