/// One tensor of a safetensors file: 32-bit floats (dtype `"F32"`) or 64-bit integers
/// (`"I64"`, for counters such as an optimizer's `iterations`).
///
///     let weights = SafeTensorsValue.float32(Tensor(rows: [[1, 2]]))
///     weights.dtype   // "F32"
///     SafeTensorsValue.int64(shape: [], values: [3]).shape   // []
public enum SafeTensorsValue: Equatable, Sendable {
  /// A float tensor.
  case float32(Tensor)
  /// An integer tensor of `shape`, `values` in row-major order.
  case int64(shape: [Int], values: [Int64])

  /// The safetensors dtype name.
  public var dtype: String {
    switch self {
    case .float32: return "F32"
    case .int64: return "I64"
    }
  }

  /// The tensor's shape.
  public var shape: [Int] {
    switch self {
    case .float32(let t): return t.shape
    case .int64(let shape, _): return shape
    }
  }

  /// The number of bytes the values take in the file.
  var byteCount: Int {
    switch self {
    case .float32(let t): return t.scalarCount * 4
    case .int64(_, let values): return values.count * 8
    }
  }

  /// The float tensor, or nil for integers.
  public var floatTensor: Tensor? {
    if case .float32(let t) = self { return t }
    return nil
  }

  /// The integer values, or nil for floats.
  public var integers: [Int64]? {
    if case .int64(_, let values) = self { return values }
    return nil
  }

  /// The element size of a dtype Reel reads, or nil for any other dtype.
  static func elementSize(of dtype: String) -> Int? {
    switch dtype {
    case "F32": return 4
    case "I64": return 8
    default: return nil
    }
  }
}
