import XCTest

@testable import ReelTensor

/// Equal shapes and |a − b| ≤ `absolute` + `relative`·|b| elementwise (float32 results computed
/// in a different order than TensorFlow's); the message names the worst element only.
func assertClose(
  _ actual: Tensor, _ expected: Tensor, _ label: String, absolute: Float = 2e-5,
  relative: Float = 1e-4, reference: String = "TensorFlow", file: StaticString = #filePath,
  line: UInt = #line
) {
  XCTAssertEqual(actual.shape, expected.shape, label, file: file, line: line)
  guard actual.shape == expected.shape else { return }
  var worst = (excess: Float(0), index: -1)
  for (i, (a, b)) in zip(actual.scalars, expected.scalars).enumerated() {
    let excess = abs(a - b) - (absolute + relative * abs(b))
    if a.isNaN != b.isNaN || excess > worst.excess {
      worst = (a.isNaN != b.isNaN ? .infinity : excess, i)
    }
  }
  if worst.index >= 0 {
    XCTFail(
      "\(label): element \(worst.index) is \(actual.scalars[worst.index]), \(reference) "
        + "\(expected.scalars[worst.index])", file: file, line: line)
  }
}
