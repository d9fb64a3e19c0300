import XCTest

@testable import ReelTensor

final class ScheduleAndClippingTests: XCTestCase {
  func testDocumentedScheduleExamples() {
    XCTAssertEqual(
      ExponentialDecay(initialLearningRate: 1, decaySteps: 2, decayRate: 0.5)
        .learningRate(atStep: 1), 0.70710677, accuracy: 1e-7)
    let piecewise = PiecewiseConstantDecay(boundaries: [2, 4], values: [1, 0.5, 0.1])
    XCTAssertEqual((0...5).map { piecewise.learningRate(atStep: $0) }, [1, 1, 1, 0.5, 0.5, 0.1])
    let cosine = CosineDecay(
      initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.1, warmupSteps: 5)
    XCTAssertEqual(cosine.learningRate(atStep: 2), 0.04, accuracy: 1e-7)
    XCTAssertEqual(cosine.learningRate(atStep: 10), 0.05, accuracy: 1e-7)
    XCTAssertEqual(cosine.learningRate(atStep: 1000), 0, accuracy: 1e-9)
  }

  func testScheduleFollowsIterationsAndSettingARateReplacesIt() {
    let table = Parameter(name: "t", value: Tensor(shape: [3, 1], repeating: 1))
    let optimizer = SGD(
      learningRate: PiecewiseConstantDecay(boundaries: [0], values: [1, 0.25]))
    XCTAssertEqual(optimizer.learningRate, 1)
    let g = Gradient.sparse(
      SparseRowGradient(indices: [1], rows: Tensor(rows: [[1]]), denseShape: [3, 1]))
    optimizer.apply([g], to: [table])
    XCTAssertEqual(optimizer.learningRate, 0.25)
    optimizer.apply([g], to: [table])
    XCTAssertEqual(table.value.scalars, [1, -0.25, 1])
    optimizer.learningRate = 0.5
    XCTAssertNil(optimizer.schedule)
    XCTAssertEqual(optimizer.learningRate, 0.5)
  }

  func testClippingKinds() {
    let dense = Gradient.dense(Tensor([3, 4]))  // norm 5
    let sparse = Gradient.sparse(
      SparseRowGradient(
        indices: [2, 2], rows: Tensor(rows: [[0, 6], [0, 6]]), denseShape: [4, 2]))
    // Per-gradient norm: the sparse rows as given (two rows of 6: norm 8.49, not 12).
    let byNorm = GradientClipping.norm(1).apply(to: [dense, sparse])
    XCTAssertEqual(byNorm[0].densified().scalars, [0.6, 0.8])
    XCTAssertEqual(byNorm[1].densified()[2, 1], 2 / Float(2).squareRoot(), accuracy: 1e-6)
    // Joint norm sqrt(25 + 72) ≈ 9.85.
    let global = GradientClipping.globalNorm(9.848858).apply(to: [dense, sparse])
    XCTAssertEqual(global[0].densified().scalars[1], 4, accuracy: 1e-5)
    let byValue = GradientClipping.value(3.5).apply(to: [dense, sparse])
    XCTAssertEqual(byValue[0].densified().scalars, [3, 3.5])
    XCTAssertEqual(byValue[1].densified()[2, 1], 7, "clamped per row before the rows add up")
    // A non-finite joint norm makes every gradient NaN, as tf.clip_by_global_norm does.
    let infinite = GradientClipping.globalNorm(1).apply(to: [.dense(Tensor([.infinity])), dense])
    XCTAssertTrue(infinite[1].densified().scalars.allSatisfy(\.isNaN))
    // Empty sparse gradients (variables the loss does not use) pass through.
    let empty = Gradient.sparse(SparseRowGradient(emptyFor: [4, 2]))
    XCTAssertEqual(
      GradientClipping.norm(1).apply(to: [empty])[0].densified(), Tensor(shape: [4, 2]))
  }
}
