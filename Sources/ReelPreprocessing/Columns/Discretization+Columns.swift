import ReelPipeline

extension Discretization: ColumnLayer {
  public var layerName: String { "Discretization" }

  /// A numeric column (cast to Float) becomes an int64 column of bin indices, same shape.
  ///
  /// - Complexity: O(log b) per value for b boundaries.
  public func columnTransform() throws -> ColumnTransform {
    let layer = self
    return ColumnTransform(layerName: layerName) { columns in
      let values = try ColumnValues.floats(columns[0], layer: "Discretization")
      return ColumnValues.shaped(.int64(try layer(values).map { Int64($0) }), like: columns[0])
    }
  }
}
