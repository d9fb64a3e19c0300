import ReelPipeline
import ReelTensor
import XCTest

/// A tensor of `shape` with elements uniform in `range`.
func randomTensor(
  _ shape: [Int], _ rng: inout SplitMix64, in range: ClosedRange<Float> = -1...1
) -> Tensor {
  let count = shape.reduce(1, *)
  return Tensor(
    shape: shape, scalars: (0..<count).map { _ in Float.random(in: range, using: &rng) })
}

/// Checks the tape's gradients of the scalar `function(inputs)` against central finite
/// differences `(f(x + h) − f(x − h)) / 2h`, summed in Double, element by element.
func assertGradientsMatchFiniteDifferences(
  _ inputs: [Tensor], step h: Float = 1e-2, absoluteTolerance: Double = 2e-3,
  relativeTolerance: Double = 1e-2, file: StaticString = #filePath, line: UInt = #line,
  _ function: ([Variable]) throws -> Variable
) throws {
  let tape = Tape()
  let watched = inputs.map { tape.watch($0) }
  let output = try function(watched)
  XCTAssertEqual(output.value.scalarCount, 1, "the checked function must return a scalar")
  let analytic = tape.gradient(of: output, wrt: watched).map { $0.densified() }
  func evaluate(_ values: [Tensor]) throws -> Double {
    Double(try function(values.map { Variable(constant: $0) }).value.scalars[0])
  }
  for (index, input) in inputs.enumerated() {
    XCTAssertEqual(analytic[index].shape, input.shape, "input \(index)", file: file, line: line)
    let exact = analytic[index].scalars
    for element in 0..<input.scalarCount {
      var plus = inputs
      var minus = inputs
      plus[index].withUnsafeMutableBufferPointer { $0[element] += h }
      minus[index].withUnsafeMutableBufferPointer { $0[element] -= h }
      let numeric = (try evaluate(plus) - evaluate(minus)) / (2 * Double(h))
      let error = abs(numeric - Double(exact[element])) - relativeTolerance * abs(numeric)
      if error > absoluteTolerance {
        XCTFail(
          "input \(index) element \(element): tape \(exact[element]), finite difference "
            + "\(numeric)", file: file, line: line)
        return
      }
    }
  }
}
