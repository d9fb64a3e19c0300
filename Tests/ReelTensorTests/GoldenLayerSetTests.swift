import ReelTestSupport
import XCTest

@testable import ReelTensor

/// Dropout (where it is the identity), L2 penalties, regularized layers, MLP stacks and the
/// orthogonal initializer's QR step against tf-keras 2.21 / TFRS 0.7.7
/// (`Fixtures/golden/layers.json`).
final class GoldenLayerSetTests: XCTestCase {
  private func cases(_ op: String) throws -> [GoldenCase] {
    let found = try Golden.cases("layers.json", op: op)
    XCTAssertFalse(found.isEmpty, "no golden cases for \(op)")
    return found
  }

  func testDropoutIdentityCases() throws {
    for c in try cases("dropout") {
      let layer = try Dropout(rate: Float(c.params["rate"]?.doubleValue ?? -1), seed: 1)
      let tape = Tape()
      let x = tape.watch(try c.inputTensor("x"))
      let y = try layer(x, tape: tape, training: c.bool("training"))
      try assertClose(y.value, c.outputTensor("y"), c.name + " y")
      let g = tape.gradient(of: y, wrt: [x], seed: try c.inputTensor("upstream"))[0]
      try assertClose(g.densified(), c.outputTensor("dx"), c.name + " dx")
      XCTAssertEqual(layer.draws, 0, "identity calls draw no mask")
    }
  }

  func testL2Penalty() throws {
    for c in try cases("l2") {
      let l2 = L2(Float(c.params["l2"]?.doubleValue ?? -1))
      let tape = Tape()
      let w = tape.watch(try c.inputTensor("w"))
      let loss = l2.penalty(w)
      try assertClose(loss.value, c.outputTensor("loss"), c.name + " loss")
      try assertClose(
        tape.gradient(of: loss, wrt: [w])[0].densified(), c.outputTensor("dw"), c.name + " dw")
    }
  }

  func testRegularizedLayers() throws {
    let found = try cases("regularized_layer")
    XCTAssertEqual(found.count, 3)
    for c in found {
      func l2(_ key: String) -> L2? { c.params[key]?.doubleValue.map { L2(Float($0)) } }
      func weight(_ key: String) throws -> Parameter {
        Parameter(name: key, value: try c.inputTensor(key))
      }
      let layer: any UnaryLayer
      let weightNames: [String]
      switch c.params["layer"]?.stringValue {
      case "dense":
        layer = Dense(
          kernel: try weight("kernel"), bias: try weight("bias"), activation: .relu,
          kernelRegularizer: l2("kernel_l2"), biasRegularizer: l2("bias_l2"))
        weightNames = ["kernel", "bias"]
      case "cross_low_rank":
        let u = Dense(
          kernel: try weight("u_kernel"), bias: nil, kernelRegularizer: l2("kernel_l2"))
        let v = Dense(
          kernel: try weight("v_kernel"), bias: try weight("bias"),
          kernelRegularizer: l2("kernel_l2"), biasRegularizer: l2("bias_l2"))
        layer = try Cross(projection: u, dense: v)
        weightNames = ["u_kernel", "v_kernel", "bias"]
      case "gru":
        layer = GRU(
          kernel: try weight("kernel"), recurrentKernel: try weight("recurrent_kernel"),
          bias: try weight("bias"), kernelRegularizer: l2("kernel_l2"),
          recurrentRegularizer: l2("recurrent_l2"), biasRegularizer: l2("bias_l2"))
        weightNames = ["kernel", "recurrent_kernel", "bias"]
      default:
        return XCTFail("unknown layer in \(c.name)")
      }
      XCTAssertEqual(layer.parameters.map(\.name), weightNames, c.name)
      let tape = Tape()
      let y = try layer(Variable(constant: try c.inputTensor("x")), tape: tape, training: true)
      try assertClose(y.value, c.outputTensor("y"), c.name + " y")
      let penalties = layer.regularizationLosses(tape: tape)
      try assertClose(
        Tensor(penalties.map { $0.value.scalar }), c.outputTensor("losses"), c.name + " losses")
      let total = try XCTUnwrap(regularizationLoss(of: [layer], tape: tape))
      let loss = (y * Variable(constant: try c.inputTensor("upstream"))).sum() + total
      let grads = tape.gradient(of: loss, wrt: layer.parameters)
      for (gradient, name) in zip(grads, weightNames) {
        try assertClose(gradient.densified(), c.outputTensor("d" + name), "\(c.name) d\(name)")
      }
    }
  }

  func testMLP() throws {
    let found = try cases("mlp")
    XCTAssertEqual(found.count, 2)
    for c in found {
      let sizes = try XCTUnwrap(c.ints("sizes"))
      let activation = try XCTUnwrap(
        Activation(rawValue: c.params["activation"]?.stringValue ?? ""))
      let final = try XCTUnwrap(
        Activation(rawValue: c.params["final_activation"]?.stringValue ?? ""))
      let layers = try (0..<sizes.count - 1).map { i in
        Dense(
          kernel: Parameter(
            name: "mlp/\(MLP.layerName(i))/kernel", value: try c.inputTensor("kernel_\(i)")),
          bias: Parameter(
            name: "mlp/\(MLP.layerName(i))/bias", value: try c.inputTensor("bias_\(i)")),
          activation: i == sizes.count - 2 ? final : activation, name: "mlp/\(MLP.layerName(i))")
      }
      let mlp = try MLP(layers: layers)
      XCTAssertEqual([mlp.inputSize] + mlp.layers.map(\.outputSize), sizes)
      let tape = Tape()
      let x = tape.watch(try c.inputTensor("x"))
      let y = try mlp(x, tape: tape)
      try assertClose(y.value, c.outputTensor("y"), c.name + " y")
      let grads = tape.gradient(
        of: y, wrt: [x] + mlp.parameters.map { tape.watch($0) }, seed: try c.inputTensor("upstream")
      )
      let names = ["dx"] + (0..<sizes.count - 1).flatMap { ["dkernel_\($0)", "dbias_\($0)"] }
      for (gradient, name) in zip(grads, names) {
        try assertClose(gradient.densified(), c.outputTensor(name), "\(c.name) \(name)")
      }
    }
  }

  func testOrthogonalFromTheSameNormalMatrix() throws {
    let found = try cases("orthogonal")
    XCTAssertEqual(found.count, 4)
    for c in found {
      let shape = try XCTUnwrap(c.ints("shape"))
      let q = Initializers.orthogonal(
        fromNormal: try c.inputTensor("a"), shape: shape,
        gain: Float(c.params["gain"]?.doubleValue ?? 0))
      try assertClose(q, c.outputTensor("q"), c.name, absolute: 1e-5, relative: 1e-4)
    }
  }
}
