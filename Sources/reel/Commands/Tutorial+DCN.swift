import Foundation
import Reel

/// `reel tutorial dcn`: TFRS's Deep & Cross Network tutorial, step by step.
enum DCNTutorialRunner: TutorialRunner {
  static let name = "dcn"
  static let summary = "deep & cross networks: toy feature crosses, then MovieLens DCN vs DNN"

  static func run(_ options: TutorialOptions) throws {
    let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k", headerNamesData: false)
    let (path, say) = (run.path, run.say)
    // TFRS trains 8 epochs and 5 runs per model; 4 epochs and 3 runs keep the whole tutorial
    // under a minute on 2 cores (`--epochs 8 --runs 5` is the tutorial's recipe).
    var settings = options.settings(DCNTutorial.Settings(), epochs: 4)
    settings.runs = options.runs ?? 3
    // Read the MovieLens data first, so a bad --data fails before the toy part trains.
    let data = try DCNRatings(path: path)
    var result = DCNTutorial.Result()
    say(
      "1. Toy data: \(settings.toyCount) points (seed \(settings.seed)), country = randint(200)/200, "
        + "bananas = randint(24)/24, cookbooks = randint(6)/6, "
        + "y = 0.1c + 0.4b + 0.7k + 0.1cb + 3.1bk + 0.1k²; first \(settings.toyTrainCount) train")
    say(
      "2. Cross() + Dense(1) vs Dense 512-256-128 relu + Dense(1); MSE, batches of "
        + "\(settings.toyBatchSize), Adagrad(\(settings.toyLearningRate)); cross "
        + "\(settings.crossEpochs) epochs, deep \(settings.deepEpochs) epochs:")
    try DCNTutorial.runToy(settings: settings, into: &result, say: say)
    say("   (predicting the training mean: RMSE \(String(format: "%.4f", result.toyMeanRMSE)))")
    if let map = result.toyHeatMap {
      let labels = map.labels
      let (i, j) = map.strongest
      say("   largest |W| entry: \(labels[i]) × \(labels[j]) = \(String(format: "%.4f", map.values[i][j]))")
    }
    say(
      "3. MovieLens (\(path)): \(data.ratings.rowCount) ratings; features "
        + DCNRatings.features.map { "\($0) (\(vocabularySize($0, data)))" }.joined(separator: ", "))
    say(
      "4. Split 80/20 with seed \(settings.seed); StringLookup/IntegerLookup + Embedding(·, 32) "
        + "each, concatenated (192-d); Adam(\(settings.learningRate)), \(settings.epochs) epochs, "
        + "batches of \(settings.batchSize) / \(settings.testBatchSize); \(settings.runs) run(s) each:")
    try DCNTutorial.runMovieLens(data: data, settings: settings, into: &result, say: say)
    say(
      "   (predicting the mean training rating: RMSE \(String(format: "%.4f", result.meanRatingRMSE)))")
    if let map = result.heatMap {
      let (i, j) = map.strongest
      say(
        "5. Cross weights: Frobenius norm of each 32 × 32 block of W (first DCN run); strongest "
          + "block \(map.labels[i]) × \(map.labels[j]) = \(String(format: "%.3f", map.values[i][j]))")
      if let out = options.out {
        try FileManager.default.createDirectory(
          atPath: out, withIntermediateDirectories: true)
        let file = (out as NSString).appendingPathComponent("dcn-cross-weights.svg")
        try AtomicFile.write(
          Data(map.svg(title: "DCN cross layer: ‖W_ij‖_F per feature pair").utf8),
          to: URL(fileURLWithPath: file))
        if let toy = result.toyHeatMap {
          let toyFile = (out as NSString).appendingPathComponent("dcn-toy-cross-weights.svg")
          try AtomicFile.write(
            Data(toy.svg(title: "Toy cross layer: |W_ij|").utf8), to: URL(fileURLWithPath: toyFile))
        }
        say("   wrote \(file)")
      }
    }
    try run.finish { _ in
      var object: [String: Any] = [
        "toy_mean_rmse": result.toyMeanRMSE, "mean_rating_rmse": result.meanRatingRMSE,
        "train_ratings": result.trainCount, "test_ratings": result.testCount,
        "runs": settings.runs,
      ]
      for t in result.toy {
        let key = t.name.hasPrefix("Cross") ? "toy_cross" : "toy_deep"
        object[key + "_rmse"] = t.rmse
        object[key + "_parameters"] = t.parameters
        object[key + "_epochs"] = t.epochs
      }
      for m in result.movieLens {
        let key = m.name == "DCN" ? "dcn" : m.name == "DNN" ? "dnn" : "dcn_low_rank"
        object[key + "_rmse_mean"] = m.rmse.mean
        object[key + "_rmse_std"] = m.rmse.populationStandardDeviation
        object[key + "_rmse_runs"] = m.rmse.values
        object[key + "_parameters"] = m.parameters
      }
      if let map = result.heatMap {
        object["cross_block_norms"] = map.values
        object["cross_block_features"] = map.labels
      }
      return object
    }
  }

  private static func vocabularySize(_ feature: String, _ data: DCNRatings) -> Int {
    data.stringVocabularies[feature]?.count ?? data.integerVocabularies[feature]?.count ?? 0
  }
}
