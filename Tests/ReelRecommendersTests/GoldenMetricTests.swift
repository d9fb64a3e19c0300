import ReelPipeline
import ReelTensor
import ReelTestSupport
import XCTest

@testable import ReelRecommenders

/// Keras metrics, TFRS `Ranking` and `FactorizedTopK` against tf-keras 2.21 / TFRS 0.7.7.
final class GoldenMetricTests: XCTestCase {
  func testKerasMetricsMatch() throws {
    for c in try RecommendersGolden.cases("metric") {
      let metric: any ScalarMetric
      switch c.string("metric") {
      case "mean": metric = Mean()
      case "rmse": metric = RootMeanSquaredError()
      case "mae": metric = MeanAbsoluteError()
      case "auc":
        metric = AUC(thresholds: c.int("num_thresholds") ?? 200, fromLogits: c.bool("from_logits"))
      case "categorical_accuracy": metric = CategoricalAccuracy()
      default: throw TestFailure("\(c.name): unknown metric")
      }
      for b in 0..<2 {
        let values = try c.tensor("values_\(b)")
        let weights = try c.optionalTensor("weights_\(b)")?.scalars
        if let mean = metric as? Mean {
          try mean.update(values: values, sampleWeights: weights)
        } else if let labeled = metric as? any LabeledMetric {
          try labeled.update(
            labels: try c.tensor("labels_\(b)"), predictions: values, sampleWeights: weights)
        }
      }
      assertClose(metric.result, try c.expected("result"), c.name)
    }
  }

  func testRankingTaskMatchesTFRS() throws {
    for c in try RecommendersGolden.cases("ranking") {
      let loss: RankingLoss
      switch c.string("loss") {
      case "mse": loss = .meanSquaredError
      case "mae": loss = .meanAbsoluteError
      case "bce": loss = .binaryCrossEntropy
      case "bce_logits": loss = .binaryCrossEntropyFromLogits
      default: throw TestFailure("\(c.name): unknown loss")
      }
      let (rmse, mae) = (RootMeanSquaredError(), MeanAbsoluteError())
      let auc = AUC(fromLogits: c.string("loss") == "bce_logits")
      let (predictionMean, labelMean, lossMean) = (Mean(), Mean(), Mean())
      let task = Ranking(
        loss: loss, metrics: [rmse, mae, auc], predictionMetrics: [predictionMean],
        labelMetrics: [labelMean], lossMetrics: [lossMean])
      for b in 0..<2 {
        let tape = Tape()
        let predictions = tape.watch(try c.tensor("predictions_\(b)"))
        let value = try task.loss(
          labels: try c.tensor("labels_\(b)"), predictions: predictions,
          sampleWeights: try c.optionalTensor("weights_\(b)")?.scalars)
        assertClose(value.value, try c.expected("loss_\(b)").reshaped([]), "\(c.name) loss \(b)")
        let gradient = tape.gradient(of: value, wrt: [predictions])[0].densified()
        assertClose(gradient, try c.expected("dpredictions_\(b)"), "\(c.name) gradient \(b)")
      }
      assertClose(rmse.result, try c.expected("rmse"), c.name + " rmse")
      assertClose(mae.result, try c.expected("mae"), c.name + " mae")
      assertClose(auc.result, try c.expected("auc"), c.name + " auc")
      assertClose(predictionMean.result, try c.expected("prediction_mean"), c.name + " predictions")
      assertClose(labelMean.result, try c.expected("label_mean"), c.name + " labels")
      assertClose(lossMean.result, try c.expected("loss_mean"), c.name + " loss mean")
      XCTAssertEqual(
        task.metricResults.map(\.name),
        ["root_mean_squared_error", "mean_absolute_error", "auc", "mean", "mean", "mean"])
    }
  }

  /// Score- and id-based, with ties, weights and (for the `*_exclusions` cases) per-query
  /// exclusions, whose expected values come from TFRS's `query_with_exclusions` under
  /// `FactorizedTopK`.
  func testFactorizedTopKMatchesTFRS() throws {
    var excluding = 0
    defer { XCTAssertGreaterThanOrEqual(excluding, 4, "too few batches with exclusions") }
    for c in try RecommendersGolden.cases("factorized_top_k") {
      let ks = try XCTUnwrap(c.ints("ks"))
      let index = try BruteForce(
        candidates: try c.tensor("index_candidates"), ids: try c.optionalIDs("index_ids"))
      let metric = try FactorizedTopK(candidates: index, ks: ks)
      for b in 0..<2 {
        let exclusions = try c.optionalTensor("exclusions_\(b)").map { t in
          (0..<t.shape[0]).map { i in t.row(i).scalars.map { Int64($0) } }
        }
        if exclusions != nil { excluding += 1 }
        try metric.update(
          queries: try c.tensor("queries_\(b)"),
          trueCandidates: try c.tensor("true_candidates_\(b)"),
          trueCandidateIDs: c.bool("id_based") ? try c.optionalIDs("true_ids_\(b)") : nil,
          sampleWeights: try c.optionalTensor("weights_\(b)")?.scalars, exclusions: exclusions)
      }
      for (k, result) in zip(ks, metric.results) {
        assertClose(result.value, try c.expected("top_\(k)"), "\(c.name) top \(k)")
      }
    }
  }

  func testBruteForceMatchesTFRS() throws {
    for c in try RecommendersGolden.cases("brute_force") {
      let k = try XCTUnwrap(c.int("k"))
      let index = try BruteForce(
        candidates: try c.tensor("candidates"), ids: try c.optionalIDs("ids"))
      let queries = try c.tensor("queries")
      let exclusions = try c.optionalTensor("exclusions").map { t in
        (0..<t.shape[0]).map { i in t.row(i).scalars.map { Int64($0) } }
      }
      let top = try index.query(queries, k: k, exclusions: exclusions)
      assertClose(top.scores, try c.expected("scores"), c.name + " scores")
      XCTAssertEqual(top.ids, try c.expectedIntegers("ids"), c.name + " ids")
    }
  }
}
