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

extension Discretization {
  /// Learns the boundaries over column `column` of every batch (scalar or list; every value
  /// counts), one Keras `update_state` per batch, as `layer.adapt(dataset)` does with a
  /// `tf.data` dataset of batches.
  ///
  /// - Throws: as ``adapt(batches:maxConcurrency:)``, and ``PreprocessingError/invalidInput(layer:_:)``
  ///   for a missing or non-numeric column.
  public mutating func adapt<D: Dataset>(_ dataset: D, column: String) throws where D.Element == FeatureBatch {
    try adapt(batches: dataset.map { batch -> [Float] in
      guard let values = batch[column] else {
        throw PreprocessingError.invalidInput(layer: "Discretization", "the batch has no column '\(column)'")
      }
      return try ColumnValues.floats(values, layer: "Discretization")
    })
  }
}
