import ReelPipeline

extension Normalization: ColumnLayer {
  public var layerName: String { "Normalization" }

  /// A numeric column (cast to Float, as Keras casts to float32) becomes a Float column of the
  /// same shape. With `features == 1` every value is normalized by the one mean and variance
  /// (Keras `axis=None`); otherwise the column must be a list column whose rows hold
  /// `features` values each (Keras `axis=-1` over `[n, features]`).
  ///
  /// - Complexity: O(values).
  public func columnTransform() throws -> ColumnTransform {
    guard count > 0 else { throw PreprocessingError.notAdapted(layer: layerName) }
    let features = self.features
    let mean = self.mean
    let scale = variance.map { max($0.squareRoot(), 1e-7) }
    let invert = self.invert
    return ColumnTransform(layerName: layerName) { columns in
      let column = columns[0]
      let values = try ColumnValues.floats(column, layer: "Normalization")
      if features > 1 {
        guard let offsets = column.listOffsets,
          zip(offsets, offsets.dropFirst()).allSatisfy({ $1 - $0 == features })
        else {
          throw PreprocessingError.invalidInput(
            layer: "Normalization", "expects a list column with \(features) values per row")
        }
      }
      var out = [Float](repeating: 0, count: values.count)
      for i in values.indices {
        let j = features == 1 ? 0 : i % features
        out[i] = invert ? Float(mean[j] + Double(values[i]) * scale[j]) : Float((Double(values[i]) - mean[j]) / scale[j])
      }
      return ColumnValues.shaped(.float(out), like: column)
    }
  }
}
