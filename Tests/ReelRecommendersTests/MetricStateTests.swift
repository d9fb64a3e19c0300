import ReelTensor
import XCTest

@testable import ReelRecommenders

/// A metric's saved state restores the same results into a fresh metric, and a state of the
/// wrong size is refused.
final class MetricStateTests: XCTestCase {
  let labels = Tensor(shape: [4, 1], scalars: [1, 0, 1, 0])
  let predictions = Tensor(shape: [4, 1], scalars: [0.8, 0.3, 0.4, 0.6])
  let weights: [Float] = [1, 2, 0.5, 1]

  func check<M: Metric>(_ make: () throws -> M, update: (M) throws -> Void) throws {
    let original = try make()
    try update(original)
    let copy = try make()
    XCTAssertNotEqual(copy.results, original.results, "\(original.name): the update changed nothing")
    try copy.restore(state: original.state)
    XCTAssertEqual(copy.results, original.results, original.name)
    XCTAssertEqual(copy.state, original.state, original.name)
    XCTAssertThrowsError(try copy.restore(state: original.state + [1]), original.name)
  }

  func testEveryBuiltInMetricRestoresItsState() throws {
    try check({ Mean() }) { try $0.update(values: self.predictions, sampleWeights: self.weights) }
    try check({ RootMeanSquaredError() }) {
      try $0.update(labels: self.labels, predictions: self.predictions, sampleWeights: self.weights)
    }
    try check({ MeanAbsoluteError() }) {
      try $0.update(labels: self.labels, predictions: self.predictions, sampleWeights: nil)
    }
    try check({ AUC(thresholds: 7) }) {
      try $0.update(labels: self.labels, predictions: self.predictions, sampleWeights: self.weights)
    }
    let oneHot = Tensor(shape: [2, 2], scalars: [1, 0, 0, 1])
    try check({ CategoricalAccuracy() }) {
      try $0.update(
        labels: oneHot, predictions: Tensor(shape: [2, 2], scalars: [0.9, 0.1, 0.7, 0.3]),
        sampleWeights: nil)
    }
    let candidates = Tensor(shape: [5, 1], scalars: [0, 1, 2, 3, 4])
    try check({ try FactorizedTopK(candidateEmbeddings: candidates, ks: [1, 2]) }) {
      try $0.update(
        queries: Tensor(shape: [2, 1], scalars: [1, 1]),
        trueCandidates: Tensor(shape: [2, 1], scalars: [4, 2]))
    }
  }
}
