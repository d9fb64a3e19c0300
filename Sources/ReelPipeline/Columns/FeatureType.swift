/// The element type of a ``FeatureColumn``.
public enum FeatureType: String, Codable, Hashable, Sendable, CaseIterable {
  case int32, int64, float, double, string
}

/// A single value of a feature, for row-wise access (slow path: prefer typed columns).
public enum FeatureValue: Hashable, Sendable, CustomStringConvertible {
  case int32(Int32)
  case int64(Int64)
  case float(Float)
  case double(Double)
  case string(String)
  indirect case list([FeatureValue])

  public var description: String {
    switch self {
    case .int32(let v): return "\(v)"
    case .int64(let v): return "\(v)"
    case .float(let v): return "\(v)"
    case .double(let v): return "\(v)"
    case .string(let v): return "\"\(v)\""
    case .list(let values): return "[" + values.map(\.description).joined(separator: ", ") + "]"
    }
  }
}
