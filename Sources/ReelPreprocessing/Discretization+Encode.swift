extension Discretization {
  /// Keras's output for a 1-D input in ``outputMode``: `one_hot` gives one row per value;
  /// `multi_hot` and `count` treat the whole input as ONE sample and give one row (Keras's
  /// output shape `[binCount]`). Rows have ``binCount`` columns.
  ///
  ///     let bins = try Discretization(binBoundaries: [0, 1], outputMode: .count)
  ///     try bins.encode([-1, 0.5, 0.7])   // [[1, 2, 0]]
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` in `int` mode (call the layer
  ///   for indices); the errors of ``callAsFunction(_:)``.
  public func encode(_ values: [Float]) throws -> [[Float]] {
    let indices = try self(values)
    switch outputMode {
    case .int:
      throw PreprocessingError.invalidArgument(layer: "Discretization", "output mode int has no encoding; call the layer")
    case .oneHot:
      return indices.map { encodedRow([$0]) }
    case .multiHot, .count:
      return [encodedRow(indices)]
    }
  }

  /// Keras's output for a 2-D input `[n, k]` in ``outputMode``: one row per input row.
  /// `one_hot` needs `k == 1` (Keras replaces a last dimension of 1; a wider input would give
  /// a rank-3 output, which Keras rejects).
  ///
  ///     let bins = try Discretization(binBoundaries: [0, 1], outputMode: .multiHot)
  ///     try bins.encode(rows: [[-1, -2], [0.5, 3]])   // [[1, 0, 0], [0, 1, 1]]
  ///
  /// - Throws: as ``encode(_:)``, and ``PreprocessingError/invalidInput(layer:_:)`` for a
  ///   `one_hot` row that is not one value.
  public func encode(rows: [[Float]]) throws -> [[Float]] {
    if outputMode == .oneHot, let r = rows.firstIndex(where: { $0.count != 1 }) {
      throw PreprocessingError.invalidInput(
        layer: "Discretization", "one_hot needs one value per row (row \(r) has \(rows[r].count)); Keras output rank is at most 2")
    }
    if outputMode == .int {
      throw PreprocessingError.invalidArgument(layer: "Discretization", "output mode int has no encoding; call the layer")
    }
    return try self(rows: rows).map(encodedRow)
  }

  /// A row of ``binCount`` values for the bin indices of one sample.
  private func encodedRow(_ indices: [Int32]) -> [Float] {
    var row = [Float](repeating: 0, count: binCount)
    for i in indices {
      row[Int(i)] = outputMode == .count ? row[Int(i)] + 1 : 1
    }
    return row
  }
}
