import ReelPipeline

/// A preprocessing layer that transforms whole columns of a ``FeatureBatch`` (vectorized: no
/// per-value boxing). Every Reel layer conforms; ``Preprocessor`` and
/// ``ReelPipeline/Dataset/preprocess(_:with:as:)`` use it.
///
///     let lookup = try StringLookup(vocabulary: ["a", "b"])
///     let batch = try FeatureBatch([("user", .string(["b", "x"]))])
///     try batch.applying(lookup, to: "user", as: "user_index")["user_index"]   // int64 [2, 0]
public protocol ColumnLayer: Sendable {
  /// The Keras name of the layer, for messages.
  var layerName: String { get }
  /// How many input columns the layer takes (`1...1` for all but crossing layers).
  var inputCounts: ClosedRange<Int> { get }
  /// The layer compiled for repeated application: lookup tables and constants are built once
  /// here, so a pipeline stage compiles once and applies to every batch.
  func columnTransform() throws -> ColumnTransform
}

extension ColumnLayer {
  public var inputCounts: ClosedRange<Int> { 1...1 }
}

/// A compiled column transform: input columns of a batch in, one output column out.
///
/// - Complexity: that of the layer, per value; no per-batch setup.
public struct ColumnTransform: Sendable {
  /// The layer's name, for messages.
  public let layerName: String
  /// How many input columns it takes.
  public let inputCounts: ClosedRange<Int>
  @usableFromInline let body: @Sendable ([FeatureColumn]) throws -> FeatureColumn

  /// A transform of `inputCounts` columns.
  public init(
    layerName: String, inputCounts: ClosedRange<Int> = 1...1, body: @escaping @Sendable ([FeatureColumn]) throws -> FeatureColumn
  ) {
    self.layerName = layerName
    self.inputCounts = inputCounts
    self.body = body
  }

  /// Applies the transform to one column.
  public func callAsFunction(_ column: FeatureColumn) throws -> FeatureColumn { try body([column]) }

  /// Applies the transform to its input columns.
  public func callAsFunction(_ columns: [FeatureColumn]) throws -> FeatureColumn {
    guard inputCounts.contains(columns.count) else {
      throw PreprocessingError.invalidArgument(layer: layerName, "takes \(inputCounts.lowerBound == inputCounts.upperBound ? "\(inputCounts.lowerBound)" : "\(inputCounts.lowerBound) or more") input columns, got \(columns.count)")
    }
    return try body(columns)
  }

  /// Applies the transform to the named columns of `batch`, adding (or replacing) `output`.
  ///
  /// - Throws: ``PreprocessingError`` naming the layer and the input columns when a column is
  ///   missing, has the wrong type, or holds a value the layer rejects.
  public func apply(to batch: FeatureBatch, inputs: [String], output: String) throws -> FeatureBatch {
    let columns = try inputs.map { name -> FeatureColumn in
      guard let column = batch[name] else {
        throw PreprocessingError.invalidInput(
          layer: layerName, "the batch has no column '\(name)' (columns: \(batch.names.joined(separator: ", ")))")
      }
      return column
    }
    let result: FeatureColumn
    do {
      result = try self(columns)
    } catch let error as PreprocessingError {
      throw error.onColumns(inputs)
    }
    var out = batch
    try out.set(output, result)
    return out
  }
}

extension FeatureBatch {
  /// This batch with `layer` applied to column `input`, its result stored as `output` (by
  /// default replacing `input`). Compiles the layer on every call: in a pipeline use
  /// ``ReelPipeline/Dataset/preprocess(_:with:as:)``, which compiles once.
  public func applying(_ layer: some ColumnLayer, to input: String, as output: String? = nil) throws -> FeatureBatch {
    try layer.columnTransform().apply(to: self, inputs: [input], output: output ?? input)
  }
}

extension PreprocessingError {
  /// The same error with the input column names added to the layer name.
  func onColumns(_ columns: [String]) -> PreprocessingError {
    let suffix = " on column\(columns.count == 1 ? "" : "s") " + columns.map { "'\($0)'" }.joined(separator: ", ")
    switch self {
    case .notAdapted(let layer): return .notAdapted(layer: layer + suffix)
    case let .invalidArgument(layer, message): return .invalidArgument(layer: layer + suffix, message)
    case let .invalidInput(layer, message): return .invalidInput(layer: layer + suffix, message)
    case let .invalidState(layer, message): return .invalidState(layer: layer + suffix, message)
    }
  }
}

/// Helpers shared by the column conformances.
enum ColumnValues {
  /// The column's values as Float (Keras casts numeric inputs to float32), with its offsets.
  static func floats(_ column: FeatureColumn, layer: String) throws -> [Float] {
    switch column.values {
    case .float(let v): return v
    case .double(let v): return v.map { Float($0) }
    case .int32(let v): return v.map { Float($0) }
    case .int64(let v): return v.map { Float($0) }
    case .string:
      throw PreprocessingError.invalidInput(layer: layer, "expects a numeric column, got strings")
    }
  }

  /// The column's values as Int64 (integer columns only).
  static func int64s(_ column: FeatureColumn, layer: String) throws -> [Int64] {
    switch column.values {
    case .int64(let v): return v
    case .int32(let v): return v.map { Int64($0) }
    default:
      throw PreprocessingError.invalidInput(layer: layer, "expects an integer column, got \(column.type.rawValue)")
    }
  }

  /// A column of `values` shaped like `like` (same list offsets).
  static func shaped(_ values: FeatureColumn.Values, like column: FeatureColumn) -> FeatureColumn {
    if let offsets = column.listOffsets { return FeatureColumn(lists: values, offsets: offsets)! }
    return FeatureColumn(values)
  }

  /// A list column of `rows` fixed-width rows of `width` values each.
  static func fixedRows(_ values: [Float], width: Int) -> FeatureColumn {
    let rows = width == 0 ? 0 : values.count / width
    return FeatureColumn(lists: .float(values), offsets: (0...rows).map { $0 * width })!
  }
}
