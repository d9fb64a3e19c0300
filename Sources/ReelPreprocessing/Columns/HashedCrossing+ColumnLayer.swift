import ReelPipeline

extension HashedCrossing: ColumnLayer {
  public var layerName: String { "HashedCrossing" }
  public var inputCounts: ClosedRange<Int> { 2...Int.max }

  /// Two or more scalar string or integer columns become one int64 column of crossed bins,
  /// or `numBins`-wide one-hot float rows.
  public func columnTransform() throws -> ColumnTransform {
    let layer = self
    return ColumnTransform(layerName: layerName, inputCounts: inputCounts) { columns in
      let bins = FeatureColumn.int64(try layer(columns))
      guard layer.outputMode == .oneHot else { return bins }
      return try CategoryEncoding.column(bins, depth: layer.numBins, mode: .oneHot, layer: "HashedCrossing")
    }
  }
}
