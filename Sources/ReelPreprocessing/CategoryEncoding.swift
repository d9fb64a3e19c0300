/// Keras's `encode_categorical_inputs` for one row: `multi_hot`, `count` or `tf_idf` over
/// column indices (shared by the lookup layers and ``TextVectorization``).
enum CategoryEncoding {
  /// A `depth`-wide row; columns at or past `depth` are dropped as `tf.math.bincount` drops
  /// them. `tf_idf` multiplies each float32 count by its column's weight (missing weights are
  /// Keras's zero padding).
  static func row<C: Sequence>(columns: C, depth: Int, mode: LookupOutputMode, idf: [Float]?)
    -> [Float]
  where C.Element == Int {
    var row = [Float](repeating: 0, count: depth)
    for c in columns where c < depth {
      row[c] = mode == .multiHot || mode == .oneHot ? 1 : row[c] + 1
    }
    if mode == .tfIDF, let idf {
      for c in 0..<depth where row[c] != 0 { row[c] *= c < idf.count ? idf[c] : 0 }
    }
    return row
  }
}
