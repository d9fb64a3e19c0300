import ReelPipeline
import ReelTensor
import ReelTestSupport
import XCTest

@testable import ReelRecommenders

/// `Retrieval` against TFRS 0.7.7: loss and both gradients for every combination of its
/// eight options (the `retrieval_grid_*` cases) and named larger cases, on the fused kernel
/// (where it applies) and on the general path.
final class GoldenRetrievalTests: XCTestCase {
  func testLossAndGradientsMatchTFRS() throws {
    var fusedCases = 0
    for c in try RecommendersGolden.cases("retrieval") {
      for fused in [true, false] {
        let batchMetrics = c.bool("batch_metrics")
        let accuracy = CategoricalAccuracy()
        let auc = AUC(fromLogits: true)
        let reduction: LossReduction =
          c.string("reduction") == "sum_over_batch_size" ? .sumOverBatchSize : .sum
        let task = try Retrieval(
          reduction: reduction, batchMetrics: batchMetrics ? [accuracy, auc] : [],
          temperature: c.float("temperature"), numHardNegatives: c.int("num_hard_negatives"),
          removeAccidentalHits: c.bool("remove_accidental_hits"))
        task.allowsFusedKernel = fused
        let tape = Tape()
        let q = tape.watch(try c.tensor("queries"))
        let candidates = tape.watch(try c.tensor("candidates"))
        let mask = try c.optionalTensor("score_mask")?.scalars.map { $0 != 0 }
        let loss = try task.loss(
          queries: q, candidates: candidates,
          sampleWeights: try c.optionalTensor("sample_weight")?.scalars,
          candidateSamplingProbability: try c.optionalTensor("candidate_sampling_probability")?
            .scalars,
          candidateIDs: try c.optionalIDs("candidate_ids"), scoreMask: mask)
        let label = "\(c.name) (\(fused ? "fused allowed" : "general path"))"
        if fused && tape.count == 3 { fusedCases += 1 }  // two leaves + one fused node
        let grads = tape.gradient(of: loss, wrt: [q, candidates])
        assertClose(loss.value, try c.expected("loss").reshaped([]), label + " loss")
        assertClose(grads[0].densified(), try c.expected("dqueries"), label + " dqueries")
        assertClose(grads[1].densified(), try c.expected("dcandidates"), label + " dcandidates")
        if batchMetrics {
          assertClose(accuracy.result, try c.expected("categorical_accuracy"), label + " accuracy")
          assertClose(auc.result, try c.expected("auc"), label + " auc")
        }
      }
    }
    XCTAssertGreaterThanOrEqual(fusedCases, 10, "the fused kernel ran on too few cases")
  }

  /// A Retrieval task with FactorizedTopK, a batch metric and a loss mean over two batches,
  /// in score and id mode.
  func testTaskMetricsMatchTFRS() throws {
    for c in try RecommendersGolden.cases("retrieval_metrics") {
      let ks = try XCTUnwrap(c.ints("ks"))
      let index = try BruteForce(
        candidates: try c.tensor("index_candidates"), ids: try c.optionalIDs("index_ids"))
      let topK = try FactorizedTopK(candidates: index, ks: ks)
      let accuracy = CategoricalAccuracy()
      let lossMean = Mean()
      let task = try Retrieval(
        factorizedMetrics: [topK], batchMetrics: [accuracy], lossMetrics: [lossMean])
      for b in 0..<2 {
        let loss = try task.loss(
          queries: Variable(constant: try c.tensor("queries_\(b)")),
          candidates: Variable(constant: try c.tensor("candidates_\(b)")),
          sampleWeights: try c.tensor("weights_\(b)").scalars,
          candidateIDs: c.bool("id_based") ? try c.optionalIDs("ids_\(b)") : nil)
        assertClose(loss.value, try c.expected("loss_\(b)").reshaped([]), "\(c.name) loss \(b)")
      }
      for (k, result) in zip(ks, topK.results) {
        XCTAssertEqual(result.name, "factorized_top_k/top_\(k)_categorical_accuracy")
        assertClose(result.value, try c.expected("top_\(k)"), "\(c.name) top \(k)")
      }
      assertClose(accuracy.result, try c.expected("categorical_accuracy"), c.name + " accuracy")
      assertClose(lossMean.result, try c.expected("loss_mean"), c.name + " loss mean")
      XCTAssertEqual(task.metricResults.count, 1 + ks.count + 1)
      XCTAssertEqual(task.metricResults.first?.name, "mean")
    }
  }
}
