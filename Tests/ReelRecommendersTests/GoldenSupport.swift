import Foundation
import ReelPipeline
import ReelTensor
import ReelTestSupport
import XCTest

/// Loading of `Fixtures/golden/recommenders.json` (made by
/// `Fixtures/golden/make_recommenders.py` with TFRS 0.7.7 / tf-keras 2.21).
enum RecommendersGolden {
  static func cases(_ op: String) throws -> [GoldenCase] {
    let found = try Golden.cases("recommenders.json", op: op)
    XCTAssertFalse(found.isEmpty, "no golden cases for \(op)")
    return found
  }
}

extension GoldenCase {
  private func field(_ object: JSONValue, _ key: String) -> JSONValue? {
    guard case .object(let fields) = object else { return nil }
    return fields[key]
  }

  /// Input tensor `key` (null values are NaN).
  func tensor(_ key: String) throws -> Tensor {
    guard let value = field(input, key) else { throw TestFailure("\(name): no input '\(key)'") }
    return try value.goldenTensor(name, key)
  }

  /// Input tensor `key`, nil when absent.
  func optionalTensor(_ key: String) throws -> Tensor? {
    field(input, key) == nil ? nil : try tensor(key)
  }

  /// Input integer tensor `key` as Int64 values, nil when absent.
  func optionalIDs(_ key: String) throws -> [Int64]? {
    try optionalTensor(key).map { $0.scalars.map { Int64($0) } }
  }

  /// Output tensor `key`.
  func expected(_ key: String) throws -> Tensor {
    guard let value = field(output, key) else { throw TestFailure("\(name): no output '\(key)'") }
    return try value.goldenTensor(name, key)
  }

  /// Output integer tensor `key` as Int64 values (exact, not through Float).
  func expectedIntegers(_ key: String) throws -> [Int64] {
    guard let value = field(output, key), case .object(let t) = value,
      let values = t["values"]?.arrayValue
    else { throw TestFailure("\(name): no integer output '\(key)'") }
    return values.compactMap { $0.intValue.map(Int64.init) }
  }

  /// Optional float parameter `key`.
  func float(_ key: String) -> Float? {
    switch params[key] {
    case .double(let v)?: return Float(v)
    case .int(let v)?: return Float(v)
    default: return nil
    }
  }

  func string(_ key: String) -> String? { params[key]?.stringValue }
}

extension JSONValue {
  func goldenTensor(_ caseName: String, _ key: String) throws -> Tensor {
    guard case .object(let t) = self, let shape = t["shape"]?.intArray,
      let values = t["values"]?.arrayValue
    else { throw TestFailure("\(caseName): '\(key)' is not a tensor") }
    let scalars = values.map { v -> Float in
      switch v {
      case .double(let d): return Float(d)
      case .int(let i): return Float(i)
      case .uint(let u): return Float(u)
      default: return .nan
      }
    }
    return Tensor(shape: shape, scalars: scalars)
  }
}

/// Asserts `actual` equals TensorFlow's `expected` to float tolerance
/// (|a − b| ≤ 2e-5 + 1e-4·|b|), naming the first bad element only.
func assertClose(
  _ actual: Tensor, _ expected: Tensor, _ label: String, tolerance: Float = 1e-4,
  file: StaticString = #filePath, line: UInt = #line
) {
  XCTAssertEqual(actual.shape, expected.shape, label, file: file, line: line)
  guard actual.shape == expected.shape else { return }
  let (a, b) = (actual.scalars, expected.scalars)
  for i in a.indices {
    let bad = a[i].isNaN != b[i].isNaN || abs(a[i] - b[i]) > 2e-5 + tolerance * abs(b[i])
    if bad {
      XCTFail(
        "\(label): element \(i) is \(a[i]), TensorFlow \(b[i])", file: file, line: line)
      return
    }
  }
}

/// Asserts a scalar result equals TensorFlow's.
func assertClose(
  _ actual: Float, _ expected: Tensor, _ label: String, file: StaticString = #filePath,
  line: UInt = #line
) {
  assertClose(Tensor(actual), expected.reshaped([]), label, file: file, line: line)
}
