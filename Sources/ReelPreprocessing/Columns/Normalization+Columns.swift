import ReelPipeline

extension Normalization: ColumnLayer {
  public var layerName: String { "Normalization" }

  /// A numeric column (cast to Float, as Keras casts to float32) becomes a Float column of the
  /// same shape. With `features == 1` every value is normalized by the one mean and variance
  /// (Keras `axis=None`); otherwise the column must be a list column whose rows hold
  /// `features` values each, one sample of ``sampleShape`` in row-major order.
  ///
  /// - Complexity: O(values).
  public func columnTransform() throws -> ColumnTransform {
    guard count > 0 else { throw PreprocessingError.notAdapted(layer: layerName) }
    let features = self.features
    let statisticIndex = self.statisticIndex
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
        let j = statisticIndex[features == 1 ? 0 : i % features]
        out[i] = invert ? Float(mean[j] + Double(values[i]) * scale[j]) : Float((Double(values[i]) - mean[j]) / scale[j])
      }
      return ColumnValues.shaped(.float(out), like: column)
    }
  }
}

extension Normalization {
  /// Adapts over column `column` of every batch, one Keras `update_state` per batch: a
  /// scalar numeric column for a one-feature layer, or a list column of `features` values per
  /// row. Replaces earlier statistics.
  ///
  ///     var time = Normalization(features: 1)
  ///     try time.adapt(shards, column: "timestamp")
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` for no rows; ``PreprocessingError/invalidInput(layer:_:)``
  ///   for a missing, non-numeric or misshapen column, or NaN / infinite values.
  /// - Complexity: O(values) time, O(features) memory.
  public mutating func adapt<D: Dataset>(_ dataset: D, column: String) throws where D.Element == FeatureBatch {
    try adapt(partitions: [dataset], column: column)
  }

  /// Adapts over partitions of the data on one thread each and merges their statistics (equal
  /// to a single pass up to double rounding).
  public mutating func adapt<D: Dataset>(partitions: [D], column: String) throws where D.Element == FeatureBatch {
    try refuseGivenStatistics()
    var empty = self
    empty.mean = Array(repeating: 0, count: mean.count)
    empty.variance = Array(repeating: 0, count: variance.count)
    empty.count = 0
    let start = empty
    let merged = try ParallelAdapt.run(
      partitions,
      partial: { partition -> Normalization in
        var layer = start
        try partition.forEach { batch in layer.merge(try layer.moments(ofColumn: batch, name: column)) }
        return layer
      },
      merge: { try $0.merge($1) })
    guard let merged, merged.count > 0 else { throw PreprocessingError.notAdapted(layer: "Normalization") }
    self = merged
  }

  /// The moments of one batch's column, rows of ``features`` values.
  func moments(ofColumn batch: FeatureBatch, name: String) throws -> BatchMoments {
    guard let column = batch[name] else {
      throw PreprocessingError.invalidInput(layer: "Normalization", "the batch has no column '\(name)'")
    }
    let values = try ColumnValues.floats(column, layer: "Normalization")
    if features > 1 || column.isList {
      guard let offsets = column.listOffsets, zip(offsets, offsets.dropFirst()).allSatisfy({ $1 - $0 == features }) else {
        throw PreprocessingError.invalidInput(
          layer: "Normalization", "column '\(name)' must hold \(features) value(s) per row")
      }
    }
    let rows = values.count / features
    let statistics = mean.count
    var sum = [Double](repeating: 0, count: statistics)
    for (i, v) in values.enumerated() {
      guard v.isFinite else {
        throw PreprocessingError.invalidInput(layer: "Normalization", "column '\(name)' row \(i / features) holds \(v)")
      }
      sum[statisticIndex[i % features]] += Double(v)
    }
    let perStatistic = Double(rows * (features / statistics))
    let batchMean = sum.map { $0 / perStatistic }
    var squares = [Double](repeating: 0, count: statistics)
    for (i, v) in values.enumerated() {
      let s = statisticIndex[i % features]
      let d = Double(v) - batchMean[s]
      squares[s] += d * d
    }
    return BatchMoments(rows: rows, mean: batchMean, variance: squares.map { $0 / perStatistic })
  }
}
