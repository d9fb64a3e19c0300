/// Keras's `encode_categorical_inputs` for bin indices already in `0..<depth`: `one_hot` gives
/// one row per index, `multi_hot` and `count` one row per input row.
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
}
