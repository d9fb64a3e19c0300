/// How to extract one column of a ``FeatureBatch`` from typed rows. The extractor runs once
/// per batch over all rows and appends straight into a typed array: values are never boxed.
///
///     struct Rating { var user: Int32; var movie: Int32; var stars: Float }
///     let columns: [ColumnSpec<Rating>] = [
///       .int32("user") { $0.user }, .int32("movie") { $0.movie }, .float("rating") { $0.stars },
///     ]
///     ratings.batch(size: 1024, columns: columns)   // Dataset of FeatureBatch
public struct ColumnSpec<Row> {
  /// The column's name in the batch.
  public let name: String
  /// Builds the column from a batch of rows.
  public let build: ([Row]) -> FeatureColumn

  /// A column built by a custom function of the rows.
  public init(_ name: String, build: @escaping ([Row]) -> FeatureColumn) {
    self.name = name
    self.build = build
  }

  public static func int32(_ name: String, _ get: @escaping (Row) -> Int32) -> Self {
    Self(name) { .int32($0.map(get)) }
  }
  public static func int64(_ name: String, _ get: @escaping (Row) -> Int64) -> Self {
    Self(name) { .int64($0.map(get)) }
  }
  public static func float(_ name: String, _ get: @escaping (Row) -> Float) -> Self {
    Self(name) { .float($0.map(get)) }
  }
  public static func double(_ name: String, _ get: @escaping (Row) -> Double) -> Self {
    Self(name) { .double($0.map(get)) }
  }
  public static func string(_ name: String, _ get: @escaping (Row) -> String) -> Self {
    Self(name) { rows in
      var strings = StringArray()
      strings.reserveCapacity(strings: rows.count, bytes: rows.count * 8)
      for row in rows { strings.append(get(row)) }
      return FeatureColumn(.string(strings))
    }
  }
  public static func int32List(_ name: String, _ get: @escaping (Row) -> [Int32]) -> Self {
    Self(name) { listColumn($0, get) { .int32($0) } }
  }
  public static func int64List(_ name: String, _ get: @escaping (Row) -> [Int64]) -> Self {
    Self(name) { listColumn($0, get) { .int64($0) } }
  }
  public static func floatList(_ name: String, _ get: @escaping (Row) -> [Float]) -> Self {
    Self(name) { listColumn($0, get) { .float($0) } }
  }
  public static func stringList(_ name: String, _ get: @escaping (Row) -> [String]) -> Self {
    Self(name) { listColumn($0, get) { .string(StringArray($0)) } }
  }

  static func listColumn<T>(
    _ rows: [Row], _ get: (Row) -> [T], _ wrap: ([T]) -> FeatureColumn.Values
  ) -> FeatureColumn {
    var values: [T] = []
    var offsets = [0]
    offsets.reserveCapacity(rows.count + 1)
    for row in rows {
      values.append(contentsOf: get(row))
      offsets.append(values.count)
    }
    return FeatureColumn(lists: wrap(values), offsets: offsets)!
  }
}

extension FeatureBatch {
  /// A batch built from typed rows with one extractor per column.
  public init<Row>(rows: [Row], columns: [ColumnSpec<Row>]) throws {
    try self.init(columns.map { ($0.name, $0.build(rows)) })
  }
}

extension Dataset {
  /// Groups `size` consecutive elements into a columnar ``FeatureBatch`` (tf.data's `batch` on a
  /// dictionary of features). The last, partial batch is kept unless `dropRemainder`.
  ///
  ///     ratings.batch(size: 4096, columns: [.int32("user") { $0.user }, .float("rating") { $0.stars }])
  ///
  /// - Complexity: O(`size` × columns) per batch, with no per-value boxing.
  public func batch(size: Int, dropRemainder: Bool = false, columns: [ColumnSpec<Element>])
    -> Map<Batch<Self>, FeatureBatch>
  {
    batch(size: size, dropRemainder: dropRemainder).map {
      try FeatureBatch(rows: $0, columns: columns)
    }
  }
}
