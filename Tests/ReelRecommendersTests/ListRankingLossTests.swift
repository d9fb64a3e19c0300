import Foundation
import ReelPipeline
import ReelTensor
import ReelTestSupport
import XCTest

@testable import ReelRecommenders

/// The listwise losses and NDCG against tensorflow_ranking 0.5.5
/// (`Fixtures/golden/ranking_losses.json`, made by `Fixtures/golden/make_ranking_losses.py`),
/// and their gradients against finite differences.
final class ListRankingLossTests: XCTestCase {
  struct Case {
    let name: String
    let labels: Tensor
    let scores: Tensor
    let object: [String: Any]

    func number(_ key: String) -> Double? { (object[key] as? NSNumber)?.doubleValue }
    func matrix(_ key: String) -> [Float]? {
      (object[key] as? [[Any]])?.flatMap { $0.map { Float(truncating: $0 as! NSNumber) } }
    }
  }

  static func cases() throws -> [Case] {
    let data = try Data(contentsOf: Golden.directory.appendingPathComponent("ranking_losses.json"))
    let root = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    return (root["cases"] as! [[String: Any]]).map { c in
      func tensor(_ key: String) -> Tensor {
        let rows = (c[key] as! [[Any]]).map { $0.map { Float(truncating: $0 as! NSNumber) } }
        return Tensor(rows: rows)
      }
      return Case(
        name: c["name"] as! String, labels: tensor("labels"), scores: tensor("scores"), object: c)
    }
  }

  private func check(
    _ loss: any ListRankingLoss, key: String, _ c: Case, file: StaticString = #filePath,
    line: UInt = #line
  ) throws {
    let tape = Tape()
    let s = tape.watch(c.scores)
    let value = try loss(labels: c.labels, scores: s)
    if let expected = c.number(key) {
      XCTAssertEqual(Double(value.value.scalar), expected, accuracy: 1e-5 * max(1, abs(expected)),
        "\(c.name) \(key)", file: file, line: line)
      let gradient = tape.gradient(of: value, wrt: [s])[0].densified().scalars
      let golden = try XCTUnwrap(c.matrix(key + "_gradient"), file: file, line: line)
      for (a, b) in zip(gradient, golden) {
        XCTAssertEqual(a, b, accuracy: 1e-5, "\(c.name) \(key) gradient", file: file, line: line)
      }
    } else {
      let allowed = try XCTUnwrap(
        c.object[key + "_values"] as? [NSNumber], "\(c.name) has no \(key) value", file: file,
        line: line
      ).map(\.doubleValue)
      let v = Double(value.value.scalar)
      XCTAssertTrue(
        allowed.contains { abs($0 - v) < 1e-4 }, "\(c.name) \(key): \(v) not among \(allowed)",
        file: file, line: line)
    }
  }

  func testLossesMatchTensorflowRanking() throws {
    let cases = try Self.cases()
    XCTAssertEqual(cases.count, 8)
    for c in cases {
      try check(RankingMeanSquaredLoss(), key: "mean_squared", c)
      try check(PairwiseHingeLoss(), key: "pairwise_hinge", c)
      try check(ListMLELoss(seed: 1), key: "list_mle", c)
    }
  }

  /// With tied labels, different shuffles reach every value tensorflow_ranking reaches.
  func testListMLETiesAreShuffled() throws {
    let c = try XCTUnwrap(Self.cases().first { $0.name == "ratings_with_ties" })
    let allowed = try XCTUnwrap(c.object["list_mle_values"] as? [NSNumber]).map(\.doubleValue)
    let loss = ListMLELoss(seed: 3)
    var seen = Set<Int>()
    for _ in 0..<200 {
      let v = Double(try loss(labels: c.labels, scores: Variable(constant: c.scores)).value.scalar)
      guard let k = allowed.firstIndex(where: { abs($0 - v) < 1e-4 }) else {
        return XCTFail("\(v) is not a value tensorflow_ranking reaches")
      }
      seen.insert(k)
    }
    XCTAssertEqual(seen.count, allowed.count)
  }

  func testNDCGMatchesTensorflowRanking() throws {
    for c in try Self.cases() {
      let metric = NDCGMetric()
      try metric.update(labels: c.labels, predictions: c.scores)
      let expected = try XCTUnwrap(c.number("ndcg"))
      XCTAssertEqual(Double(metric.result), expected, accuracy: 1e-5, c.name)
    }
  }

  func testGradientsMatchFiniteDifferences() throws {
    var rng = SplitMix64(seed: 11)
    // Distinct labels (ListMLE is then deterministic), one padding item per list.
    let labels = Tensor(rows: [[3, 1, -1, 2, 0], [0, 2, 4, -1, 1], [1, -1, 0, 3, 2]])
    let scores = randomTensor([3, 5], &rng, in: -2...2)
    let losses: [any ListRankingLoss] = [
      RankingMeanSquaredLoss(), PairwiseHingeLoss(), ListMLELoss(seed: 5),
    ]
    for loss in losses {
      try assertGradientsMatchFiniteDifferences([scores]) { v in
        try loss(labels: labels, scores: v[0])
      }
      try assertGradientsMatchFiniteDifferences([scores]) { v in
        try loss(labels: labels, scores: v[0], reduction: .sum, sampleWeights: [1, 0.5, 2])
      }
    }
  }

  func testBadShapesAreErrors() {
    XCTAssertThrowsError(
      try PairwiseHingeLoss()(labels: Tensor([1, 2]), scores: Variable(constant: Tensor([1, 2])))
    ) { XCTAssertTrue("\($0)".contains("pairwise_hinge_loss"), "\($0)") }
    XCTAssertThrowsError(
      try ListMLELoss()(
        labels: Tensor(rows: [[1, 2]]), scores: Variable(constant: Tensor(rows: [[1, 2, 3]]))))
    XCTAssertThrowsError(
      try NDCGMetric().update(labels: Tensor(rows: [[1, 2]]), predictions: Tensor(rows: [[1]])))
  }

  func testNoneReductionShapes() throws {
    let labels = Tensor(rows: [[1, 0, 2], [0, 1, 2]])
    let scores = Variable(constant: Tensor(rows: [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]]))
    XCTAssertEqual(try PairwiseHingeLoss()(labels: labels, scores: scores, reduction: .none).shape, [2, 3])
    XCTAssertEqual(try ListMLELoss()(labels: labels, scores: scores, reduction: .none).shape, [2, 1])
  }
}
