import ReelTestSupport
import XCTest

@testable import ReelTensor

/// GRU and DCN Cross against tf-keras 2.21 `GRU` and TFRS 0.7.7 `Cross`
/// (`Fixtures/golden/layers.json`): forward values and the gradients of every input and weight.
final class GoldenRecurrentAndCrossTests: XCTestCase {
  private func cases(_ op: String) throws -> [GoldenCase] {
    let found = try Golden.cases("layers.json", op: op)
    XCTAssertFalse(found.isEmpty, "no golden cases for \(op)")
    return found
  }

  func testGRU() throws {
    let found = try cases("gru")
    XCTAssertEqual(found.count, 10)
    for c in found {
      let bias = try c.optionalInputTensor("bias").map { Parameter(name: "gru/bias", value: $0) }
      let layer = GRU(
        kernel: Parameter(name: "gru/kernel", value: try c.inputTensor("kernel")),
        recurrentKernel: Parameter(
          name: "gru/recurrent_kernel", value: try c.inputTensor("recurrent_kernel")),
        bias: bias, returnSequences: c.bool("return_sequences"))
      XCTAssertEqual(layer.units, c.int("units"), c.name)
      let tape = Tape()
      let x = tape.watch(try c.inputTensor("x"))
      let initialState = try c.optionalInputTensor("initial_state").map { tape.watch($0) }
      let mask = try c.optionalInputIntegers("mask")?.values.map { $0 != 0 }
      let y = try layer(x, mask: mask, initialState: initialState, tape: tape)
      try assertClose(y.value, c.outputTensor("y"), c.name + " y")
      let sources = [x] + layer.parameters.map { tape.watch($0) } + [initialState].compactMap { $0 }
      let grads = tape.gradient(of: y, wrt: sources, seed: try c.inputTensor("upstream"))
        .map { $0.densified() }
      let names =
        ["dx", "dkernel", "drecurrent_kernel"] + (bias == nil ? [] : ["dbias"])
        + (initialState == nil ? [] : ["dinitial_state"])
      XCTAssertEqual(grads.count, names.count)
      for (gradient, name) in zip(grads, names) {
        try assertClose(gradient, c.outputTensor(name), "\(c.name) \(name)")
      }
    }
  }

  func testCross() throws {
    let found = try cases("cross")
    XCTAssertEqual(found.count, 7)
    for c in found {
      let diagScale = Float(c.params["diag_scale"]?.doubleValue ?? -1)
      let preactivation = try XCTUnwrap(
        Activation(rawValue: c.params["preactivation"]?.stringValue ?? ""))
      let bias = try c.optionalInputTensor("bias")
      let lowRank = c.int("projection_dim") != nil
      let layer: Cross
      if lowRank {
        let u = Dense(
          kernel: Parameter(name: "cross/dense/kernel", value: try c.inputTensor("u_kernel")),
          bias: nil, name: "cross/dense")
        let v = Dense(
          kernel: Parameter(name: "cross/dense_1/kernel", value: try c.inputTensor("v_kernel")),
          bias: bias.map { Parameter(name: "cross/dense_1/bias", value: $0) },
          activation: preactivation, name: "cross/dense_1")
        layer = try Cross(projection: u, dense: v, diagScale: diagScale)
        XCTAssertEqual(layer.projectionDim, c.int("projection_dim"))
      } else {
        let w = Dense(
          kernel: Parameter(name: "cross/dense/kernel", value: try c.inputTensor("kernel")),
          bias: bias.map { Parameter(name: "cross/dense/bias", value: $0) },
          activation: preactivation, name: "cross/dense")
        layer = try Cross(projection: nil, dense: w, diagScale: diagScale)
      }
      try assertClose(layer.weightMatrix, c.outputTensor("weight_matrix"), c.name + " W")
      let tape = Tape()
      let x0 = tape.watch(try c.inputTensor("x0"))
      let x = try c.optionalInputTensor("x").map { tape.watch($0) }
      XCTAssertEqual(x != nil, c.bool("two_inputs"))
      let y = try layer(x0, x, tape: tape)
      try assertClose(y.value, c.outputTensor("y"), c.name + " y")
      let sources = [x0] + [x].compactMap { $0 } + layer.parameters.map { tape.watch($0) }
      let grads = tape.gradient(of: y, wrt: sources, seed: try c.inputTensor("upstream"))
        .map { $0.densified() }
      let names =
        ["dx0"] + (x == nil ? [] : ["dx"]) + (lowRank ? ["du_kernel", "dv_kernel"] : ["dkernel"])
        + (bias == nil ? [] : ["dbias"])
      XCTAssertEqual(grads.count, names.count)
      for (gradient, name) in zip(grads, names) {
        try assertClose(gradient, c.outputTensor(name), "\(c.name) \(name)")
      }
    }
  }
}
