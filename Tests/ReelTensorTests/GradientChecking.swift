import ReelPipeline
import XCTest

@testable import ReelTensor

/// Finite-difference checking of the tape's gradients.
///
/// The scalar checked is `L = Σ rᵢ·yᵢ` for the function's output `y` and fixed random weights
/// `r`, so every output element matters. The analytic gradient comes from the tape; the
/// numeric one from central differences `(L(x + h) − L(x − h)) / 2h` with `L` summed in
/// Double, per input element.
func assertGradientsMatchFiniteDifferences(
  _ inputs: [Tensor], step h: Float = 1e-3, absoluteTolerance: Double = 2e-3,
  relativeTolerance: Double = 1e-2, file: StaticString = #filePath, line: UInt = #line,
  _ function: ([Variable]) -> Variable
) {
  let tape = Tape()
  let watched = inputs.map { tape.watch($0) }
  let output = function(watched)
  var rng = SplitMix64(seed: 99)
  let weights = randomTensor(output.shape, &rng, in: 0.5...1.5)
  let projected = (output * Variable(constant: weights)).sum()
  let analytic = tape.gradient(of: projected, wrt: watched).map { $0.densified() }

  func evaluate(_ values: [Tensor]) -> Double {
    let y = function(values.map { Variable(constant: $0) }).value
    return zip(y.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
  }
  for (index, input) in inputs.enumerated() {
    XCTAssertEqual(analytic[index].shape, input.shape, "input \(index)", file: file, line: line)
    var worst = (error: 0.0, element: -1, analytic: 0.0, numeric: 0.0)
    for element in 0..<input.scalarCount {
      var plus = inputs
      var minus = inputs
      plus[index].withUnsafeMutableBufferPointer { $0[element] += h }
      minus[index].withUnsafeMutableBufferPointer { $0[element] -= h }
      let numeric = (evaluate(plus) - evaluate(minus)) / (2 * Double(h))
      let exact = Double(analytic[index].scalars[element])
      let error = abs(numeric - exact) - relativeTolerance * abs(numeric)
      if error > worst.error { worst = (error, element, exact, numeric) }
    }
    XCTAssertLessThanOrEqual(
      worst.error, absoluteTolerance,
      "input \(index) element \(worst.element): tape \(worst.analytic), finite difference "
        + "\(worst.numeric)", file: file, line: line)
  }
}

/// Uniform values in `range` whose magnitude is at least `gap` (away from kinks at 0).
func tensorAwayFromZero(
  _ shape: [Int], _ rng: inout SplitMix64, in range: ClosedRange<Float> = -1...1,
  gap: Float = 0.05
) -> Tensor {
  let t = randomTensor(shape, &rng, in: range)
  return Tensor(
    shape: shape, scalars: t.scalars.map { abs($0) < gap ? ($0 < 0 ? -gap : gap) * 2 : $0 })
}

/// Finite-difference checking of the gradients of a layer's `parameters`: `function` runs the
/// layer, recording on the tape it is given (nil for the numeric evaluations, which perturb
/// each parameter element in place and restore it).
func assertParameterGradientsMatchFiniteDifferences(
  _ parameters: [Parameter], step h: Float = 1e-3, absoluteTolerance: Double = 2e-3,
  relativeTolerance: Double = 1e-2, file: StaticString = #filePath, line: UInt = #line,
  _ function: (Tape?) throws -> Variable
) throws {
  let tape = Tape()
  let output = try function(tape)
  var rng = SplitMix64(seed: 98)
  let weights = randomTensor(output.shape, &rng, in: 0.5...1.5)
  let projected = (output * Variable(constant: weights)).sum()
  let analytic = tape.gradient(of: projected, wrt: parameters).map { $0.densified() }

  func evaluate() throws -> Double {
    let y = try function(nil).value
    return zip(y.scalars, weights.scalars).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
  }
  for (index, parameter) in parameters.enumerated() {
    XCTAssertEqual(
      analytic[index].shape, parameter.value.shape, parameter.name, file: file, line: line)
    var worst = (error: 0.0, element: -1, analytic: 0.0, numeric: 0.0)
    let original = parameter.value
    for element in 0..<original.scalarCount {
      parameter.value = original
      parameter.value.withUnsafeMutableBufferPointer { $0[element] += h }
      let plus = try evaluate()
      parameter.value = original
      parameter.value.withUnsafeMutableBufferPointer { $0[element] -= h }
      let minus = try evaluate()
      let numeric = (plus - minus) / (2 * Double(h))
      let exact = Double(analytic[index].scalars[element])
      let error = abs(numeric - exact) - relativeTolerance * abs(numeric)
      if error > worst.error { worst = (error, element, exact, numeric) }
    }
    parameter.value = original
    XCTAssertLessThanOrEqual(
      worst.error, absoluteTolerance,
      "\(parameter.name) element \(worst.element): tape \(worst.analytic), finite difference "
        + "\(worst.numeric)", file: file, line: line)
  }
}
