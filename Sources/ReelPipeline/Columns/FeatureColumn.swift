/// One typed column of a ``FeatureBatch``: scalars (one value per row) or variable-length
/// lists (values plus `rowCount + 1` offsets). Copy-on-write: copies share storage until
/// one is modified.
///
///     let ratings = FeatureColumn.float([4.5, 3.0])
///     let genres = FeatureColumn.int32Lists([[1, 7], [], [3]])
///     genres.rowCount   // 3
public struct FeatureColumn: Hashable, Sendable {
  /// The stored values of a column.
  public enum Values: Hashable, Sendable {
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case string(StringArray)

    /// The number of stored values.
    public var count: Int {
      switch self {
      case .int32(let v): return v.count
      case .int64(let v): return v.count
      case .float(let v): return v.count
      case .double(let v): return v.count
      case .string(let v): return v.count
      }
    }

    /// The type of the stored values.
    public var type: FeatureType {
      switch self {
      case .int32: return .int32
      case .int64: return .int64
      case .float: return .float
      case .double: return .double
      case .string: return .string
      }
    }

    func slice(_ range: Range<Int>) -> Values {
      switch self {
      case .int32(let v): return .int32(Array(v[range]))
      case .int64(let v): return .int64(Array(v[range]))
      case .float(let v): return .float(Array(v[range]))
      case .double(let v): return .double(Array(v[range]))
      case .string(let v):
        var out = StringArray()
        out.append(contentsOf: v, range: range)
        return .string(out)
      }
    }

    func value(at i: Int) -> FeatureValue {
      switch self {
      case .int32(let v): return .int32(v[i])
      case .int64(let v): return .int64(v[i])
      case .float(let v): return .float(v[i])
      case .double(let v): return .double(v[i])
      case .string(let v): return .string(v[i])
      }
    }

    /// Appends `other`'s values (same type) to these, in place: `self` is emptied before the
    /// payload grows, so the array is uniquely referenced and not copied on every append.
    mutating func append(_ other: Values) -> Bool {
      switch other {
      case .int32(let b):
        guard case .int32(var a) = self else { return false }
        self = .int32([])
        a += b
        self = .int32(a)
      case .int64(let b):
        guard case .int64(var a) = self else { return false }
        self = .int64([])
        a += b
        self = .int64(a)
      case .float(let b):
        guard case .float(var a) = self else { return false }
        self = .float([])
        a += b
        self = .float(a)
      case .double(let b):
        guard case .double(var a) = self else { return false }
        self = .double([])
        a += b
        self = .double(a)
      case .string(let b):
        guard case .string(var a) = self else { return false }
        self = .string(StringArray())
        a.append(contentsOf: b, range: 0..<b.count)
        self = .string(a)
      }
      return true
    }
  }

  /// The column's values (all list elements back to back for a list column).
  public private(set) var values: Values
  /// For a list column, `rowCount + 1` offsets into ``values``; nil for a scalar column.
  public private(set) var listOffsets: [Int]?

  /// A scalar column over `values`.
  public init(_ values: Values) {
    self.values = values
    listOffsets = nil
  }

  /// A list column; returns nil unless `offsets` starts at 0, never decreases and ends at
  /// `values.count`.
  public init?(lists values: Values, offsets: [Int]) {
    guard offsets.first == 0, offsets.last == values.count,
      zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
    else { return nil }
    self.values = values
    listOffsets = offsets
  }

  /// The element type.
  public var type: FeatureType { values.type }
  /// Whether each row holds a variable-length list.
  public var isList: Bool { listOffsets != nil }
  /// Number of rows.
  public var rowCount: Int { listOffsets.map { $0.count - 1 } ?? values.count }

  /// Rows `range` as a new column. O(rows in range).
  public func slice(_ range: Range<Int>) -> FeatureColumn {
    precondition(
      range.lowerBound >= 0 && range.upperBound <= rowCount, "rows \(range) out of 0..<\(rowCount)")
    guard let offsets = listOffsets else { return FeatureColumn(values.slice(range)) }
    let lo = offsets[range.lowerBound]
    let hi = offsets[range.upperBound]
    return FeatureColumn(
      lists: values.slice(lo..<hi),
      offsets: offsets[range.lowerBound...range.upperBound].map { $0 - lo })!
  }

  /// The value of row `i` (a `.list` for list columns).
  public func value(at i: Int) -> FeatureValue {
    guard let offsets = listOffsets else { return values.value(at: i) }
    return .list((offsets[i]..<offsets[i + 1]).map { values.value(at: $0) })
  }

  /// Appends the rows of `other`, which must have the same type and list-ness.
  ///
  /// - Returns: false (leaving `self` unchanged) when the columns are incompatible.
  public mutating func append(_ other: FeatureColumn) -> Bool {
    guard other.type == type, other.isList == isList else { return false }
    let base = values.count
    _ = values.append(other.values)
    if let otherOffsets = other.listOffsets {
      listOffsets!.append(contentsOf: otherOffsets.dropFirst().map { $0 + base })
    }
    return true
  }
}

extension FeatureColumn {
  public static func int32(_ v: [Int32]) -> FeatureColumn { FeatureColumn(.int32(v)) }
  public static func int64(_ v: [Int64]) -> FeatureColumn { FeatureColumn(.int64(v)) }
  public static func float(_ v: [Float]) -> FeatureColumn { FeatureColumn(.float(v)) }
  public static func double(_ v: [Double]) -> FeatureColumn { FeatureColumn(.double(v)) }
  public static func string(_ v: [String]) -> FeatureColumn {
    FeatureColumn(.string(StringArray(v)))
  }
  public static func int32Lists(_ rows: [[Int32]]) -> FeatureColumn {
    FeatureColumn(lists: .int32(rows.flatMap { $0 }), offsets: listOffsets(rows.map(\.count)))!
  }
  public static func int64Lists(_ rows: [[Int64]]) -> FeatureColumn {
    FeatureColumn(lists: .int64(rows.flatMap { $0 }), offsets: listOffsets(rows.map(\.count)))!
  }
  public static func floatLists(_ rows: [[Float]]) -> FeatureColumn {
    FeatureColumn(lists: .float(rows.flatMap { $0 }), offsets: listOffsets(rows.map(\.count)))!
  }
  public static func doubleLists(_ rows: [[Double]]) -> FeatureColumn {
    FeatureColumn(lists: .double(rows.flatMap { $0 }), offsets: listOffsets(rows.map(\.count)))!
  }
  public static func stringLists(_ rows: [[String]]) -> FeatureColumn {
    FeatureColumn(
      lists: .string(StringArray(rows.flatMap { $0 })), offsets: listOffsets(rows.map(\.count)))!
  }

  /// Offsets `[0, c0, c0+c1, ...]` for lists of the given lengths.
  static func listOffsets(_ counts: [Int]) -> [Int] {
    var offsets = [0]
    offsets.reserveCapacity(counts.count + 1)
    for c in counts { offsets.append(offsets[offsets.count - 1] + c) }
    return offsets
  }

  /// The values as `[Int32]` when the column stores Int32 (scalars or list elements).
  public var int32Values: [Int32]? {
    if case .int32(let v) = values { return v } else { return nil }
  }
  /// The values as `[Int64]` when the column stores Int64.
  public var int64Values: [Int64]? {
    if case .int64(let v) = values { return v } else { return nil }
  }
  /// The values as `[Float]` when the column stores Float.
  public var floatValues: [Float]? {
    if case .float(let v) = values { return v } else { return nil }
  }
  /// The values as `[Double]` when the column stores Double.
  public var doubleValues: [Double]? {
    if case .double(let v) = values { return v } else { return nil }
  }
  /// The values as a ``StringArray`` when the column stores strings.
  public var stringValues: StringArray? {
    if case .string(let v) = values { return v } else { return nil }
  }
}
