import Foundation
import ReelPipeline
import XCTest

@testable import ReelTensor

/// Properties of the layer set that golden vectors cannot pin down: seeded randomness
/// (Dropout masks, initializers), naming, errors and containers.
final class LayerSetTests: XCTestCase {
  func testDropoutMasksAreSeededResumableAndKeepTheExpectedFraction() throws {
    let x = Variable(constant: Tensor(shape: [100, 100], repeating: 1))
    let a = try Dropout(rate: 0.3, seed: 11)
    let b = try Dropout(rate: 0.3, seed: 11)
    let first = try a(x, tape: nil, training: true).value
    XCTAssertEqual(first, try b(x, tape: nil, training: true).value)
    let second = try a(x, tape: nil, training: true).value
    XCTAssertNotEqual(first, second, "each training call draws a new mask")
    XCTAssertEqual(a.draws, 2)
    // Resuming from a saved draw count repeats the mask.
    let resumed = try Dropout(rate: 0.3, seed: 11)
    resumed.draws = 1
    XCTAssertEqual(try resumed(x, tape: nil, training: true).value, second)
    XCTAssertNotEqual(first, try Dropout(rate: 0.3, seed: 12)(x, tape: nil, training: true).value)
    let kept = first.scalars.filter { $0 != 0 }
    XCTAssertEqual(Double(kept.count) / 10_000, 0.7, accuracy: 0.02)
    XCTAssertTrue(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 })
    // Not training: identity, no draw.
    XCTAssertEqual(try a(x, tape: nil, training: false).value, x.value)
    XCTAssertEqual(a.draws, 2)
    XCTAssertThrowsError(try Dropout(rate: 1, seed: 1, name: "drop")) {
      XCTAssertEqual("\($0)", "drop: rate 1.0 is not in [0, 1)")
    }
  }

  func testTruncatedNormalStaysWithinTwoStandardDeviations() {
    var rng = SplitMix64(seed: 3)
    let t = Initializers.truncatedNormal(shape: [200, 100], using: &rng).scalars
    XCTAssertTrue(t.allSatisfy { abs($0) <= 0.1 })
    let mean = t.reduce(0.0) { $0 + Double($1) } / Double(t.count)
    let sd = (t.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(t.count)).squareRoot()
    XCTAssertEqual(mean, 0, accuracy: 0.001)
    // The standard deviation of a normal truncated at ±2σ is 0.8796σ.
    XCTAssertEqual(sd, 0.05 * 0.8796, accuracy: 0.0005)
    var again = SplitMix64(seed: 3)
    XCTAssertEqual(Initializers.truncatedNormal(shape: [200, 100], using: &again).scalars, t)
    let n = Initializers.normal(shape: [20_000], mean: 1, stddev: 2, using: &rng).scalars
    XCTAssertEqual(n.reduce(0.0) { $0 + Double($1) } / 20_000, 1, accuracy: 0.05)
  }

  func testOrthogonalHasOrthonormalRowsOrColumns() {
    var rng = SplitMix64(seed: 8)
    for (shape, gain) in [([4, 12], Float(1)), ([12, 4], 1), ([5, 5], 2), ([2, 3, 4], 1)] {
      let q = Initializers.orthogonal(shape: shape, gain: gain, using: &rng)
      XCTAssertEqual(q.shape, shape)
      let rows = shape.dropLast().reduce(1, *)
      let cols = shape[shape.count - 1]
      let m = q.reshaped([rows, cols])
      // The smaller side is orthonormal: Q·Qᵀ or Qᵀ·Q is gain²·I.
      let gram = rows <= cols ? matmul(m, m, transposeB: true) : matmul(m, m, transposeA: true)
      let n = min(rows, cols)
      for i in 0..<n {
        for j in 0..<n {
          XCTAssertEqual(gram[i, j], i == j ? gain * gain : 0, accuracy: 1e-5, "\(shape) \(i),\(j)")
        }
      }
    }
  }

  func testGRUDefaultsFollowKeras() {
    var rng = SplitMix64(seed: 21)
    let gru = GRU(inputSize: 5, units: 4, using: &rng)
    XCTAssertEqual(gru.parameters.map(\.name), ["gru/kernel", "gru/recurrent_kernel", "gru/bias"])
    XCTAssertEqual(gru.parameters.map(\.value.shape), [[5, 12], [4, 12], [2, 12]])
    XCTAssertEqual(gru.bias?.value, Tensor(shape: [2, 12]))
    let limit = Float((6.0 / 17).squareRoot())
    XCTAssertTrue(gru.kernel.value.scalars.allSatisfy { abs($0) <= limit })
    let r = gru.recurrentKernel.value
    let gram = matmul(r, r, transposeB: true)
    for i in 0..<4 { XCTAssertEqual(gram[i, i], 1, accuracy: 1e-5) }
  }

  func testGRUMaskedStepsCarryTheStateAndBadInputThrows() throws {
    var rng = SplitMix64(seed: 22)
    let gru = GRU(inputSize: 2, units: 3, returnSequences: true, using: &rng)
    let x = Variable(constant: randomTensor([1, 4, 2], &rng))
    let y = try gru(x, mask: [true, false, true, false], tape: nil).value
    XCTAssertEqual(y.row(0).row(1), y.row(0).row(0))
    XCTAssertEqual(y.row(0).row(3), y.row(0).row(2))
    XCTAssertNotEqual(y.row(0).row(2), y.row(0).row(1))
    let last = GRU(
      kernel: gru.kernel, recurrentKernel: gru.recurrentKernel, bias: gru.bias)
    XCTAssertEqual(
      try last(x, mask: [true, false, true, false], tape: nil).value.row(0), y.row(0).row(3))
    XCTAssertThrowsError(try gru(x, mask: [true], tape: nil)) {
      XCTAssertEqual("\($0)", "gru: mask has 1 entries for [1, 4] steps")
    }
    XCTAssertThrowsError(try gru(Variable(constant: Tensor(shape: [1, 4, 3])), tape: nil)) {
      XCTAssertEqual("\($0)", "gru: input shape [1, 4, 3] is not [batch, time, 2]")
    }
  }

  func testCrossDefaultsNamesAndErrors() throws {
    var rng = SplitMix64(seed: 23)
    let full = try Cross(inputSize: 6, using: &rng)
    XCTAssertEqual(full.parameters.map(\.name), ["cross/dense/kernel", "cross/dense/bias"])
    XCTAssertTrue(full.dense.kernel.value.scalars.allSatisfy { abs($0) <= 0.1 }, "truncated normal")
    XCTAssertEqual(full.weightMatrix, full.dense.kernel.value)
    let low = try Cross(inputSize: 6, projectionDim: 2, useBias: false, using: &rng)
    XCTAssertEqual(low.parameters.map(\.name), ["cross/dense/kernel", "cross/dense_1/kernel"])
    XCTAssertEqual(low.parameters.map(\.value.shape), [[6, 2], [2, 6]])
    XCTAssertEqual(
      low.weightMatrix, matmul(low.projection!.kernel.value, low.dense.kernel.value))
    // Rank-3 inputs: the cross applies over the last axis.
    let x3 = Variable(constant: randomTensor([2, 3, 6], &rng))
    XCTAssertEqual(try low(x3, tape: nil).shape, [2, 3, 6])
    XCTAssertThrowsError(try Cross(inputSize: 6, diagScale: -1, using: &rng)) {
      XCTAssertEqual("\($0)", "cross: diag_scale must be non-negative, got -1.0")
    }
    XCTAssertThrowsError(
      try full(
        Variable(constant: Tensor(shape: [2, 6])), Variable(constant: Tensor(shape: [3, 6])),
        tape: nil)
    ) {
      XCTAssertEqual("\($0)", "cross: x0 shape [2, 6] and x shape [3, 6] differ")
    }
    XCTAssertThrowsError(try full(Variable(constant: Tensor(shape: [2, 5])), tape: nil)) {
      XCTAssertEqual("\($0)", "cross: input shape [2, 5] does not end in 6 features")
    }
  }

  func testMLPAndSequentialContainers() throws {
    var rng = SplitMix64(seed: 24)
    let mlp = try MLP(inputSize: 8, layerSizes: [16, 4, 1], name: "rating", using: &rng)
    XCTAssertEqual(
      mlp.parameters.map(\.name),
      [
        "rating/dense/kernel", "rating/dense/bias", "rating/dense_1/kernel",
        "rating/dense_1/bias", "rating/dense_2/kernel", "rating/dense_2/bias",
      ])
    XCTAssertEqual(mlp.layers.map(\.activation), [.relu, .relu, .linear])
    XCTAssertNil(regularizationLoss(of: [mlp], tape: nil))
    let x = Variable(constant: randomTensor([3, 8], &rng))
    let y = try mlp(x, tape: nil)
    XCTAssertEqual(y.shape, [3, 1])
    let sequential = try Sequential(mlp.layers + [try Dropout(rate: 0.5, seed: 1)])
    XCTAssertEqual(sequential.parameters.map(\.name), mlp.parameters.map(\.name))
    XCTAssertEqual(try sequential(x, tape: nil, training: false).value, y.value)
    XCTAssertThrowsError(try Sequential(mlp.layers + mlp.layers, name: "twice")) {
      XCTAssertEqual(
        "\($0)",
        "twice: two parameters are named 'rating/dense/kernel'; give the layers "
          + "distinct names")
    }
    XCTAssertThrowsError(try MLP(inputSize: 8, layerSizes: [], using: &rng)) {
      XCTAssertEqual("\($0)", "mlp: needs at least one layer size")
    }
    XCTAssertThrowsError(try MLP(layers: [mlp.layers[0], mlp.layers[2]], name: "gap")) {
      XCTAssertEqual(
        "\($0)", "gap: layer rating/dense_2 takes 4 features but rating/dense gives 16")
    }
    XCTAssertThrowsError(try mlp(Variable(constant: Tensor(shape: [3, 7])), tape: nil)) {
      XCTAssertEqual("\($0)", "rating/dense: input shape [3, 7] does not end in 8 features")
    }
  }

  func testRegularizationLossesSumOverLayersAndMakeTableGradientsDense() throws {
    var rng = SplitMix64(seed: 25)
    let table = Embedding(
      inputDim: 6, outputDim: 2, embeddingsRegularizer: L2(0.5), name: "t", using: &rng)
    let dense = Dense(
      inputSize: 2, outputSize: 1, kernelRegularizer: L2(0.1), name: "d", using: &rng)
    let tape = Tape()
    let total = try XCTUnwrap(regularizationLoss(of: [table, dense], tape: tape))
    let expected =
      0.5 * table.table.value.scalars.reduce(0) { $0 + $1 * $1 }
      + 0.1 * dense.kernel.value.scalars.reduce(0) { $0 + $1 * $1 }
    XCTAssertEqual(total.value.scalar, expected, accuracy: 1e-6)
    let loss = try table([1, 1], tape: tape).sum() + total
    let g = tape.gradient(of: loss, wrt: [table.table])[0]
    guard case .dense(let dense) = g else { return XCTFail("the penalty reads every row") }
    XCTAssertEqual(dense[0, 0], 2 * 0.5 * table.table.value[0, 0], accuracy: 1e-6)
    XCTAssertEqual(dense[1, 0], 2 + 2 * 0.5 * table.table.value[1, 0], accuracy: 1e-6)
  }

  func testGlobalAveragePooling1DChecksItsInput() {
    let pool = GlobalAveragePooling1D(name: "pool")
    XCTAssertThrowsError(try pool(Variable(constant: Tensor(shape: [2, 3])), mask: nil)) {
      XCTAssertEqual("\($0)", "pool: input shape [2, 3] is not [batch, time, features]")
    }
    XCTAssertThrowsError(
      try pool(Variable(constant: Tensor(shape: [2, 3, 1])), mask: [true, false])
    ) {
      XCTAssertEqual("\($0)", "pool: mask has 2 entries for [2, 3] steps")
    }
  }
}

/// The SIMD activations the GRU kernel uses, against Foundation on a dense grid.
final class VectorActivationTests: XCTestCase {
  func testTanhAndSigmoidMatchFoundation() {
    var worstTanh = 0.0
    var worstSigmoid = 0.0
    var x: Float = -30
    while x <= 30 {
      let v = VectorMath.Vector((0..<8).map { x + Float($0) * 1e-4 })
      let t = VectorMath.tanh(v)
      let s = VectorMath.sigmoid(v)
      for lane in 0..<8 {
        let exactTanh = Foundation.tanh(Double(v[lane]))
        let exactSigmoid = 1 / (1 + Foundation.exp(-Double(v[lane])))
        worstTanh = max(worstTanh, abs(Double(t[lane]) - exactTanh) / max(abs(exactTanh), 1e-30))
        worstSigmoid = max(worstSigmoid, abs(Double(s[lane]) - exactSigmoid) / exactSigmoid)
      }
      x += abs(x) < 0.5 ? 0.000_37 : 0.0137
    }
    XCTAssertLessThan(worstTanh, 1e-6)
    XCTAssertLessThan(worstSigmoid, 1e-6)
    XCTAssertEqual(VectorMath.tanh(0), 0)
    XCTAssertEqual(VectorMath.tanh(-1e-30), -1e-30)
    XCTAssertEqual(VectorMath.tanh(100), 1)
    XCTAssertEqual(VectorMath.tanh(-100), -1)
    XCTAssertTrue(VectorMath.tanh(.nan).isNaN)
    XCTAssertEqual(VectorMath.sigmoid(-200), 0)
    XCTAssertEqual(VectorMath.sigmoid(200), 1)
  }
}
