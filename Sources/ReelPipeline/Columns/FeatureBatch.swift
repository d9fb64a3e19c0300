/// A columnar batch: named, typed columns of equal row count. This is what shards store,
/// preprocessing layers consume and training loops read. Copy-on-write.
///
///     var batch = try FeatureBatch(["user": .int32([1, 2]), "rating": .float([4.5, 3.0])])
///     batch.rowCount                        // 2
///     try batch.int32("user")               // [1, 2]
///     batch.slice(1..<2).rowCount           // 1
///
/// Column order is the order of insertion (the dictionary initializer sorts by name).
public struct FeatureBatch: Hashable, Sendable, CustomStringConvertible {
  /// Column names, in order.
  public private(set) var names: [String]
  /// Columns, parallel to ``names``.
  public private(set) var columns: [FeatureColumn]
  private var positions: [String: Int]

  /// An empty batch with no columns and no rows.
  public init() {
    names = []
    columns = []
    positions = [:]
  }

  /// A batch of `columns` in the given order.
  ///
  /// - Throws: ``FeatureBatchError`` for duplicate names or unequal row counts.
  public init(_ columns: [(String, FeatureColumn)]) throws {
    self.init()
    for (name, column) in columns { try add(name, column) }
  }

  /// A batch of `columns`, ordered by name.
  public init(_ columns: [String: FeatureColumn]) throws {
    try self.init(columns.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
  }

  /// Number of rows (0 for a batch without columns).
  public var rowCount: Int { columns.first?.rowCount ?? 0 }

  /// The schema: column names with their types and list-ness.
  public var schema: [FeatureSpec] {
    zip(names, columns).map { FeatureSpec(name: $0, type: $1.type, isList: $1.isList) }
  }

  /// The column called `name`, if any. O(1).
  public subscript(name: String) -> FeatureColumn? {
    positions[name].map { columns[$0] }
  }

  /// The column called `name`.
  ///
  /// - Throws: ``FeatureBatchError/missingColumn(_:available:)``.
  public func column(_ name: String) throws -> FeatureColumn {
    guard let i = positions[name] else {
      throw FeatureBatchError.missingColumn(name, available: names)
    }
    return columns[i]
  }

  /// Adds a column at the end.
  ///
  /// - Throws: ``FeatureBatchError`` when the name exists or the row count differs.
  public mutating func add(_ name: String, _ column: FeatureColumn) throws {
    guard positions[name] == nil else { throw FeatureBatchError.duplicateColumn(name) }
    if !columns.isEmpty, column.rowCount != rowCount {
      throw FeatureBatchError.rowCountMismatch(
        column: name, expected: rowCount, actual: column.rowCount)
    }
    positions[name] = columns.count
    names.append(name)
    columns.append(column)
  }

  /// Replaces the column called `name`, or adds it.
  public mutating func set(_ name: String, _ column: FeatureColumn) throws {
    guard let i = positions[name] else { return try add(name, column) }
    if columns.count > 1, column.rowCount != rowCount {
      throw FeatureBatchError.rowCountMismatch(
        column: name, expected: rowCount, actual: column.rowCount)
    }
    columns[i] = column
  }

  /// A batch with only the named columns, in the order given.
  public func selecting(_ names: [String]) throws -> FeatureBatch {
    try FeatureBatch(names.map { ($0, try column($0)) })
  }

  /// Rows `range` of every column. O(rows in range).
  public func slice(_ range: Range<Int>) -> FeatureBatch {
    var out = self
    out.columns = columns.map { $0.slice(range) }
    return out
  }

  /// The rows of `batches` one after another. All must have the same schema.
  ///
  /// - Throws: ``FeatureBatchError/schemaMismatch(_:)``.
  /// - Complexity: O(total rows).
  public static func concatenate(_ batches: [FeatureBatch]) throws -> FeatureBatch {
    guard var out = batches.first else { return FeatureBatch() }
    for (k, batch) in batches.enumerated().dropFirst() {
      guard batch.names == out.names else {
        throw FeatureBatchError.schemaMismatch(
          "batch \(k) has columns \(batch.names), expected \(out.names)")
      }
      for i in out.columns.indices where !out.columns[i].append(batch.columns[i]) {
        throw FeatureBatchError.schemaMismatch(
          "batch \(k) column \(out.names[i]) is \(batch.schema[i]), expected \(out.schema[i])")
      }
    }
    return out
  }

  /// Row `i` as name → value (slow path, for printing and tests).
  public func row(_ i: Int) -> [String: FeatureValue] {
    Dictionary(uniqueKeysWithValues: zip(names, columns.map { $0.value(at: i) }))
  }

  public var description: String {
    "FeatureBatch(\(rowCount) rows: " + schema.map(\.description).joined(separator: ", ") + ")"
  }

  public static func == (lhs: FeatureBatch, rhs: FeatureBatch) -> Bool {
    lhs.names == rhs.names && lhs.columns == rhs.columns
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(names)
    hasher.combine(columns)
  }
}

// MARK: - Typed access

extension FeatureBatch {
  /// The Int32 scalar column called `name`.
  public func int32(_ name: String) throws -> [Int32] {
    try typed(name, .int32) { $0.int32Values }
  }
  /// The Int64 scalar column called `name`.
  public func int64(_ name: String) throws -> [Int64] {
    try typed(name, .int64) { $0.int64Values }
  }
  /// The Float scalar column called `name`.
  public func float(_ name: String) throws -> [Float] {
    try typed(name, .float) { $0.floatValues }
  }
  /// The Double scalar column called `name`.
  public func double(_ name: String) throws -> [Double] {
    try typed(name, .double) { $0.doubleValues }
  }
  /// The String scalar column called `name`.
  public func string(_ name: String) throws -> StringArray {
    try typed(name, .string) { $0.stringValues }
  }

  private func typed<T>(_ name: String, _ type: FeatureType, _ get: (FeatureColumn) -> T?) throws
    -> T
  {
    let column = try column(name)
    guard !column.isList, let values = get(column) else {
      throw FeatureBatchError.typeMismatch(
        column: name, expected: FeatureSpec(name: name, type: type, isList: false).description,
        actual: FeatureSpec(name: name, type: column.type, isList: column.isList).description)
    }
    return values
  }
}

/// A column's name, type and list-ness.
public struct FeatureSpec: Codable, Hashable, Sendable, CustomStringConvertible {
  public var name: String
  public var type: FeatureType
  public var isList: Bool

  public init(name: String, type: FeatureType, isList: Bool = false) {
    self.name = name
    self.type = type
    self.isList = isList
  }

  public var description: String { "\(name): \(isList ? "[\(type.rawValue)]" : type.rawValue)" }

  enum CodingKeys: String, CodingKey {
    case name, type
    case isList = "list"
  }
}

/// Errors from building or reading a ``FeatureBatch``.
public enum FeatureBatchError: Error, CustomStringConvertible, Equatable, Sendable {
  case missingColumn(String, available: [String])
  case duplicateColumn(String)
  case rowCountMismatch(column: String, expected: Int, actual: Int)
  case typeMismatch(column: String, expected: String, actual: String)
  case schemaMismatch(String)

  public var description: String {
    switch self {
    case .missingColumn(let name, let available):
      return "no column '\(name)' (columns: \(available.joined(separator: ", ")))"
    case .duplicateColumn(let name): return "column '\(name)' already exists"
    case .rowCountMismatch(let column, let expected, let actual):
      return "column '\(column)' has \(actual) rows, the batch has \(expected)"
    case .typeMismatch(let column, let expected, let actual):
      return "column '\(column)' is \(actual), not \(expected)"
    case .schemaMismatch(let message): return "schema mismatch: \(message)"
    }
  }
}
