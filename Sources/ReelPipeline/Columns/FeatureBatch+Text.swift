import Foundation

/// Text renderings of ``FeatureValue``s and batch rows as JSON and CSV (`reel cat`,
/// `reel inspect`, interop tests).
public enum RowFormatting {
  /// A JSON value. Non-finite floats are written `NaN`, `Infinity`, `-Infinity` (as Python's
  /// `json` module does), since JSON has no spelling for them.
  public static func json(_ value: FeatureValue) -> String {
    switch value {
    case .int32(let v): return "\(v)"
    case .int64(let v): return "\(v)"
    case .float(let v): return number(Double(v), shortest: "\(v)")
    case .double(let v): return number(v, shortest: "\(v)")
    case .string(let v): return quoted(v)
    case .list(let values): return "[" + values.map(json).joined(separator: ",") + "]"
    }
  }

  static func number(_ v: Double, shortest: String) -> String {
    if v.isNaN { return "NaN" }
    if v.isInfinite { return v > 0 ? "Infinity" : "-Infinity" }
    return shortest
  }

  public static func quoted(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out + "\""
  }

  /// One JSON object per row, keys in schema order.
  public static func jsonLine(_ batch: FeatureBatch, row: Int) -> String {
    "{" + zip(batch.names, batch.columns).map { "\(quoted($0)):\(json($1.value(at: row)))" }.joined(separator: ",") + "}"
  }

  /// A CSV field (RFC 4180 quoting; lists as their JSON text).
  public static func csv(_ value: FeatureValue) -> String {
    let text: String
    switch value {
    case .string(let s): text = s
    case .list: text = json(value)
    default: text = json(value)
    }
    if text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return text
  }

  public static func csvLine(_ batch: FeatureBatch, row: Int) -> String {
    batch.columns.map { csv($0.value(at: row)) }.joined(separator: ",")
  }
}
