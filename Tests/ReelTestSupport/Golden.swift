import Foundation
import ReelPipeline

/// Golden vectors computed by the reference libraries (tf.data, Keras, TFRS) with the scripts
/// under `scripts/golden/`, committed as JSON under `Fixtures/golden/`.
public struct GoldenCase {
  public let name: String
  public let op: String
  public let params: [String: JSONValue]
  public let input: JSONValue
  public let output: JSONValue
  /// tf.data's cardinality of the reference pipeline (-1 infinite, -2 unknown), if recorded.
  public let cardinality: Int?

  /// Integer parameter `key`.
  public func int(_ key: String) -> Int? { params[key]?.intValue }
  /// Boolean parameter `key` (false when absent).
  public func bool(_ key: String) -> Bool { params[key]?.boolValue ?? false }
  /// Integer-list parameter `key`.
  public func ints(_ key: String) -> [Int]? { params[key]?.intArray }
  /// Nested integer-list parameter `key`.
  public func intLists(_ key: String) -> [[Int]]? { params[key]?.intArrays }
}

/// Loading of `Fixtures/golden/*.json`.
public enum Golden {
  /// The repository's `Fixtures/golden` folder.
  public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/golden")

  /// The cases of `file` (for example `"pipeline.json"`) whose `op` is `op`.
  public static func cases(_ file: String, op: String) throws -> [GoldenCase] {
    let root = try document(file)
    guard case .object(let object) = root, case .array(let cases)? = object["cases"] else {
      throw TestFailure("\(file): no 'cases' array")
    }
    return cases.compactMap { value -> GoldenCase? in
      guard case .object(let c) = value, c["op"]?.stringValue == op else { return nil }
      var params: [String: JSONValue] = [:]
      if case .object(let p)? = c["params"] { params = p }
      return GoldenCase(
        name: c["name"]?.stringValue ?? "?", op: op, params: params, input: c["input"] ?? .null,
        output: c["output"] ?? .null, cardinality: c["cardinality"]?.intValue)
    }
  }
}

extension Golden {
  private static let lock = NSLock()
  nonisolated(unsafe) private static var parsed: [String: JSONValue] = [:]

  /// The parsed `file`, decoded once per test process (large files take a while to decode
  /// in debug builds).
  static func document(_ file: String) throws -> JSONValue {
    lock.lock()
    defer { lock.unlock() }
    if let root = parsed[file] { return root }
    let data = try Data(contentsOf: directory.appendingPathComponent(file))
    let root = try JSONDecoder().decode(JSONValue.self, from: data)
    parsed[file] = root
    return root
  }
}

extension JSONValue {
  public var intValue: Int? {
    switch self {
    case .int(let v): return Int(v)
    case .uint(let v): return Int(exactly: v)
    case .double(let v): return Int(exactly: v)
    default: return nil
    }
  }
  public var boolValue: Bool? { if case .bool(let v) = self { return v } else { return nil } }
  public var stringValue: String? { if case .string(let v) = self { return v } else { return nil } }
  public var arrayValue: [JSONValue]? {
    if case .array(let v) = self { return v } else { return nil }
  }
  /// `[Int]` for an array of integers.
  public var intArray: [Int]? {
    guard let array = arrayValue else { return nil }
    let ints = array.compactMap(\.intValue)
    return ints.count == array.count ? ints : nil
  }
  /// `[[Int]]` for an array of arrays of integers.
  public var intArrays: [[Int]]? {
    guard let array = arrayValue else { return nil }
    let lists = array.compactMap(\.intArray)
    return lists.count == array.count ? lists : nil
  }
  /// `[[[Int]]]` for an array of 2-D integer arrays.
  public var intMatrices: [[[Int]]]? {
    guard let array = arrayValue else { return nil }
    let m = array.compactMap(\.intArrays)
    return m.count == array.count ? m : nil
  }
}
