import ReelPipeline
import XCTest

@testable import ReelTensor

final class LayerAndOptimizerTests: XCTestCase {
  func testInitializersAreSeededAndWithinKerasRanges() {
    var a = SplitMix64(seed: 5)
    var b = SplitMix64(seed: 5)
    let e1 = Embedding(inputDim: 50, outputDim: 8, using: &a)
    let e2 = Embedding(inputDim: 50, outputDim: 8, using: &b)
    XCTAssertEqual(e1.table.value, e2.table.value)
    XCTAssertTrue(e1.table.value.scalars.allSatisfy { $0 >= -0.05 && $0 < 0.05 })
    let dense = Dense(inputSize: 256, outputSize: 64, activation: .relu, name: "mlp", using: &a)
    let limit = Float((6.0 / 320).squareRoot())
    XCTAssertTrue(dense.kernel.value.scalars.allSatisfy { abs($0) <= limit })
    XCTAssertGreaterThan(dense.kernel.value.scalars.map(abs).max()!, limit * 0.95)
    XCTAssertEqual(dense.bias?.value, Tensor(shape: [64]))
    XCTAssertEqual(dense.parameters.map(\.name), ["mlp/kernel", "mlp/bias"])
    XCTAssertEqual(Initializers.fans(of: [3, 3, 16, 32]).0, 144)
  }

  func testDenseRejectsWrongFeatureCount() {
    var rng = SplitMix64(seed: 1)
    let layer = Dense(inputSize: 3, outputSize: 2, name: "rating", using: &rng)
    XCTAssertThrowsError(try layer(Variable(constant: Tensor(shape: [4, 2])), tape: nil)) {
      XCTAssertEqual("\($0)", "rating: input shape [4, 2] does not end in 3 features")
    }
  }

  func testLazyAdamTouchesOnlyGradientRows() {
    let table = Parameter(name: "t", value: Tensor(shape: [4, 2], repeating: 1))
    let adam = Adam(learningRate: 0.1, lazySparseUpdates: true)
    let sparse = SparseRowGradient(
      indices: [2], rows: Tensor(rows: [[1, -1]]), denseShape: [4, 2])
    adam.apply([.sparse(sparse)], to: [table])
    adam.apply(
      [
        .sparse(SparseRowGradient(indices: [0], rows: Tensor(rows: [[1, 1]]), denseShape: [4, 2]))
      ], to: [table])
    XCTAssertEqual(table.value.row(1).scalars, [1, 1])
    XCTAssertEqual(table.value.row(3).scalars, [1, 1])
    XCTAssertEqual(table.value[2, 0], 0.9, accuracy: 1e-5)
    XCTAssertEqual(adam.iterations, 2)
  }

  func testAdagradSparseAndDenseUpdatesAgree() {
    let g = SparseRowGradient(
      indices: [1, 3], rows: Tensor(rows: [[0.5], [-2]]), denseShape: [4, 1])
    let a = Parameter(name: "a", value: Tensor(shape: [4, 1], repeating: 1))
    let b = Parameter(name: "b", value: Tensor(shape: [4, 1], repeating: 1))
    let sparseOptimizer = Adagrad(learningRate: 0.1)
    let denseOptimizer = Adagrad(learningRate: 0.1)
    for _ in 0..<3 {
      sparseOptimizer.apply([.sparse(g)], to: [a])
      denseOptimizer.apply([.dense(g.densified())], to: [b])
    }
    XCTAssertEqual(a.value, b.value)
    XCTAssertEqual(sparseOptimizer.accumulator(for: a), denseOptimizer.accumulator(for: b))
  }
}
