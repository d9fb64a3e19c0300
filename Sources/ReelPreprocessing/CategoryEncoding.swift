/// Keras's `encode_categorical_inputs`: for bin indices already in `0..<depth`, `one_hot` gives
/// one row per index, `multi_hot` and `count` one row per input row; ``row(columns:depth:mode:idf:)``
/// encodes one row in any mode including `tf_idf` (shared by the lookup layers, ``Hashing``
/// and ``TextVectorization``).
enum CategoryEncoding {
  enum Mode { case oneHot, multiHot, count }

  static func encode(_ rows: [[Int64]], depth: Int, mode: Mode) -> [[Float]] {
    switch mode {
    case .oneHot:
      return rows.joined().map { i in
        var row = [Float](repeating: 0, count: depth)
        row[Int(i)] = 1
        return row
      }
    case .multiHot, .count:
      return rows.map { indices in
        var row = [Float](repeating: 0, count: depth)
        for i in indices { row[Int(i)] = mode == .count ? row[Int(i)] + 1 : 1 }
        return row
      }
    }
  }

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
