import ReelPipeline
import XCTest

@testable import ReelTensor

/// Finite-difference checks of the GRU operation (back through time), the Cross layer,
/// Dropout, L2 penalties and pooling without a mask.
final class LayerGradientTests: XCTestCase {
  var rng = SplitMix64(seed: 4242)

  /// GRU inputs for `batch × time × features` and `units`: x, kernel, recurrent kernel, bias,
  /// initial state.
  private func gruInputs(_ batch: Int, _ time: Int, _ features: Int, _ units: Int) -> [Tensor] {
    [
      randomTensor([batch, time, features], &rng),
      randomTensor([features, 3 * units], &rng, in: -0.8...0.8),
      randomTensor([units, 3 * units], &rng, in: -0.8...0.8),
      randomTensor([2, 3 * units], &rng, in: -0.4...0.4),
      randomTensor([batch, units], &rng, in: -0.8...0.8),
    ]
  }

  func testGRULastOutputUnmasked() {
    let inputs = gruInputs(2, 4, 3, 3)
    assertGradientsMatchFiniteDifferences(Array(inputs.prefix(4))) {
      gruSequence($0[0], kernel: $0[1], recurrentKernel: $0[2], bias: $0[3])
    }
  }

  func testGRUMaskedWithInitialState() {
    let mask = [true, false, true, true, false, false, true, false, false, false, false, false]
    let inputs = gruInputs(3, 4, 2, 2)
    assertGradientsMatchFiniteDifferences(inputs) {
      gruSequence(
        $0[0], kernel: $0[1], recurrentKernel: $0[2], bias: $0[3], initialState: $0[4],
        mask: mask)
    }
  }

  func testGRUSequencesMaskedWithInitialState() {
    let mask = [false, true, true, false, true, true, false, true]
    let inputs = gruInputs(2, 4, 3, 2)
    assertGradientsMatchFiniteDifferences(inputs) {
      gruSequence(
        $0[0], kernel: $0[1], recurrentKernel: $0[2], bias: $0[3], initialState: $0[4],
        mask: mask, returnSequences: true)
    }
  }

  func testGRUWithoutBias() {
    let inputs = gruInputs(2, 3, 2, 3)
    assertGradientsMatchFiniteDifferences([inputs[0], inputs[1], inputs[2]]) {
      gruSequence($0[0], kernel: $0[1], recurrentKernel: $0[2], returnSequences: true)
    }
  }

  func testGRUConstantOperandsGetNoGradientButOthersDo() {
    let inputs = gruInputs(2, 3, 2, 2)
    let tape = Tape()
    let kernel = tape.watch(inputs[1])
    let y = gruSequence(
      Variable(constant: inputs[0]), kernel: kernel,
      recurrentKernel: Variable(constant: inputs[2]), bias: Variable(constant: inputs[3]))
    XCTAssertTrue(y.isRecorded)
    XCTAssertEqual(tape.gradient(of: y, wrt: [kernel])[0].shape, [2, 6])
    let constant = gruSequence(
      Variable(constant: inputs[0]), kernel: Variable(constant: inputs[1]),
      recurrentKernel: Variable(constant: inputs[2]))
    XCTAssertFalse(constant.isRecorded)
  }

  func testCrossFullAndLowRank() throws {
    let d = 4
    let x0 = randomTensor([3, d], &rng)
    let x = randomTensor([3, d], &rng)
    let w = randomTensor([d, d], &rng)
    let u = randomTensor([d, 2], &rng)
    let v = randomTensor([2, d], &rng)
    let b = randomTensor([d], &rng)
    func dense(_ kernel: Variable, _ bias: Variable?, _ name: String) -> Dense {
      Dense(
        kernel: Parameter(name: name, value: kernel.value),
        bias: bias.map { Parameter(name: name + "b", value: $0.value) }, activation: .tanh)
    }
    // The cross formula composed from checked variables; the layer (which reads its weights
    // from parameters) must compute the same values.
    func cross(_ v: [Variable], lowRank: Bool, diag: Float) -> Variable {
      let product = lowRank ? matmul(matmul(v[1], v[2]), v[3]) : matmul(v[1], v[2])
      var p = (product + v[lowRank ? 4 : 3]).tanh()
      if diag != 0 { p = p + v[1] * diag }
      return v[0] * p + v[1]
    }
    assertGradientsMatchFiniteDifferences([x0, x, w, b]) { cross($0, lowRank: false, diag: 0) }
    assertGradientsMatchFiniteDifferences([x0, x, u, v, b]) { cross($0, lowRank: true, diag: 0.7) }
    // The layer computes the same values.
    let full = try Cross(
      projection: nil, dense: dense(Variable(constant: w), Variable(constant: b), "w"))
    let low = try Cross(
      projection: Dense(kernel: Parameter(name: "u", value: u), bias: nil),
      dense: dense(Variable(constant: v), Variable(constant: b), "v"), diagScale: 0.7)
    let c = [x0, x, w, b].map { Variable(constant: $0) }
    let cl = [x0, x, u, v, b].map { Variable(constant: $0) }
    XCTAssertEqual(
      try full(c[0], c[1], tape: nil).value, cross(c, lowRank: false, diag: 0).value)
    XCTAssertEqual(
      try low(cl[0], cl[1], tape: nil).value, cross(cl, lowRank: true, diag: 0.7).value)
  }

  func testLayerParameterGradients() throws {
    var seeded = SplitMix64(seed: 9)
    let cross = try Cross(
      inputSize: 5, projectionDim: 2, diagScale: 0.3, preactivation: .tanh,
      kernelInitializer: .glorotUniform, using: &seeded)
    cross.dense.bias!.value = randomTensor([5], &rng)
    let x0 = randomTensor([2, 5], &rng)
    let x = randomTensor([2, 5], &rng)
    try assertParameterGradientsMatchFiniteDifferences(cross.parameters) { tape in
      try cross(Variable(constant: x0), Variable(constant: x), tape: tape)
    }
    let gru = GRU(inputSize: 3, units: 2, returnSequences: true, using: &seeded)
    gru.bias!.value = randomTensor([2, 6], &rng, in: -0.3...0.3)
    let sequence = randomTensor([2, 3, 3], &rng)
    try assertParameterGradientsMatchFiniteDifferences(gru.parameters) { tape in
      try gru(
        Variable(constant: sequence), mask: [true, true, false, false, true, true], tape: tape)
    }
    let mlp = try MLP(
      inputSize: 3, layerSizes: [4, 2], activation: .tanh, finalActivation: .sigmoid,
      kernelRegularizer: L2(0.1), using: &seeded)
    let input = randomTensor([3, 3], &rng)
    try assertParameterGradientsMatchFiniteDifferences(mlp.parameters) { tape in
      try mlp(Variable(constant: input), tape: tape)
        + regularizationLoss(of: [mlp], tape: tape)!
    }
  }

  func testDropoutGradientUsesTheSameMask() throws {
    let x = randomTensor([4, 8], &rng)
    let dropout = try Dropout(rate: 0.4, seed: 5)
    let tape = Tape()
    let input = tape.watch(x)
    let y = try dropout(input, tape: tape, training: true)
    let g = tape.gradient(of: y, wrt: [input])[0].densified()
    for (value, (output, gradient)) in zip(x.scalars, zip(y.value.scalars, g.scalars)) {
      if gradient == 0 {
        XCTAssertEqual(output, 0)
      } else {
        XCTAssertEqual(gradient, 1 / 0.6, accuracy: 1e-6)
        XCTAssertEqual(output, value / 0.6, accuracy: 1e-6)
      }
    }
  }

  func testL2PenaltyAndUnmaskedPooling() {
    let w = randomTensor([3, 4], &rng)
    assertGradientsMatchFiniteDifferences([w]) { L2(0.3).penalty($0[0]) }
    let x = randomTensor([2, 3, 4], &rng)
    assertGradientsMatchFiniteDifferences([x]) {
      try! GlobalAveragePooling1D()($0[0], mask: nil)
    }
  }
}

/// The register-kernel and OpenBLAS paths of the GRU kernel agree, and the register path's
/// gradients match finite differences.
final class GRUKernelPathTests: XCTestCase {
  var rng = SplitMix64(seed: 777)

  func testPathsAgreeOnForwardAndEveryGradient() throws {
    try XCTSkipUnless(RowKernels.usesAVX2, "the register kernels need AVX2 + FMA")
    // Batches across several blocks and workers, ragged last blocks, odd feature counts.
    for (batch, time, features, units, sequences) in [
      (3, 4, 5, 8, false), (150, 3, 7, 16, true), (200, 5, 8, 8, false), (70, 2, 3, 24, true),
    ] {
      let x = randomTensor([batch, time, features], &rng)
      let k = randomTensor([features, 3 * units], &rng, in: -0.5...0.5)
      let r = randomTensor([units, 3 * units], &rng, in: -0.5...0.5)
      let b = randomTensor([2, 3 * units], &rng, in: -0.3...0.3)
      let h0 = randomTensor([batch, units], &rng)
      let mask = (0..<batch * time).map { _ in Bool.random(using: &rng) }
      let upstream = randomTensor(sequences ? [batch, time, units] : [batch, units], &rng)
      var results: [[Tensor]] = []
      for path in [GRUKernel.Path.blas, .registerKernels] {
        let tape = Tape()
        let v = [x, k, r, b, h0].map { tape.watch($0) }
        let y = gruSequence(
          v[0], kernel: v[1], recurrentKernel: v[2], bias: v[3], initialState: v[4],
          mask: mask, returnSequences: sequences, path: path)
        results.append(
          [y.value] + tape.gradient(of: y, wrt: v, seed: upstream).map { $0.densified() })
      }
      for (index, (blas, register)) in zip(results[0], results[1]).enumerated() {
        assertClose(
          register, blas, "\(batch)×\(time)×\(features), \(units) units: result \(index)",
          absolute: 1e-5, relative: 1e-4, reference: "OpenBLAS path")
      }
    }
  }

  func testRegisterPathGradientsMatchFiniteDifferences() throws {
    try XCTSkipUnless(RowKernels.usesAVX2, "the register kernels need AVX2 + FMA")
    let (batch, time, features, units) = (2, 3, 3, 8)
    let inputs = [
      randomTensor([batch, time, features], &rng),
      randomTensor([features, 3 * units], &rng, in: -0.5...0.5),
      randomTensor([units, 3 * units], &rng, in: -0.5...0.5),
      randomTensor([2, 3 * units], &rng, in: -0.3...0.3),
      randomTensor([batch, units], &rng),
    ]
    let mask = [true, false, true, false, true, true]
    assertGradientsMatchFiniteDifferences(inputs) {
      gruSequence(
        $0[0], kernel: $0[1], recurrentKernel: $0[2], bias: $0[3], initialState: $0[4],
        mask: mask, returnSequences: true, path: .registerKernels)
    }
  }
}
