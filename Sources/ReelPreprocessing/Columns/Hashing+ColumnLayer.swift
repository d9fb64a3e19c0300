import ReelPipeline

extension Hashing: ColumnLayer {
  public var layerName: String { "Hashing" }

  /// A string or integer column becomes an int64 column of bins (same shape) in `int` mode,
  /// or `numBins`-wide float rows in `one_hot` / `multi_hot` / `count`.
  ///
  /// - Complexity: O(bytes) to hash; O(rows × numBins) to encode.
  public func columnTransform() throws -> ColumnTransform {
    let layer = self
    return ColumnTransform(layerName: layerName) { columns in
      let bins = try layer(columns[0])
      guard layer.outputMode != .int else { return bins }
      return try CategoryEncoding.column(bins, depth: layer.numBins, mode: try layer.encodingMode(), layer: "Hashing")
    }
  }
}
