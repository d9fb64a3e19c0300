import ReelPipeline

extension CategoryEncoding {
  /// The dense encoding of an int64 column of bins in `0..<depth` as a list column of
  /// `depth`-wide float rows: `one_hot` needs a scalar column (one row per value, as Keras
  /// expands a 1-D input); `multi_hot` and `count` give one row per input row (a scalar row
  /// is a one-value sample).
  ///
  /// - Complexity: O(rows × depth).
  static func column(_ bins: FeatureColumn, depth: Int, mode: Mode, layer: String) throws -> FeatureColumn {
    guard case .int64(let values) = bins.values else {
      throw PreprocessingError.invalidInput(layer: layer, "expects bins as int64, got \(bins.type.rawValue)")
    }
    let offsets = bins.listOffsets ?? Array(0...values.count)
    if mode == .oneHot && bins.isList {
      throw PreprocessingError.invalidInput(
        layer: layer, "one_hot needs a scalar column (a list column would need a third dimension); use multi_hot or count")
    }
    let rows = offsets.count - 1
    var out = [Float](repeating: 0, count: rows * depth)
    for r in 0..<rows {
      for i in offsets[r]..<offsets[r + 1] {
        let bin = Int(values[i])
        guard bin >= 0 && bin < depth else {
          throw PreprocessingError.invalidInput(layer: layer, "bin \(bin) is outside 0..<\(depth)")
        }
        out[r * depth + bin] = mode == .count ? out[r * depth + bin] + 1 : 1
      }
    }
    return ColumnValues.fixedRows(out, width: depth)
  }
}
