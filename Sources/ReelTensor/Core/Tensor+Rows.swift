extension Tensor {
  /// The number of rows: the size of the first dimension (1 for a scalar).
  public var rowCount: Int { shape.first ?? 1 }

  /// The number of elements in one row (the product of every dimension but the first).
  public var rowWidth: Int { rank == 0 ? 1 : (rowCount == 0 ? 0 : scalarCount / rowCount) }

  /// Rows `range` of the first dimension, as a view sharing this tensor's elements.
  ///
  ///     let t = Tensor(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
  ///     t.rows(1..<3).scalars   // [3, 4, 5, 6]
  ///
  /// - Complexity: O(rank); no elements are copied.
  public func rows(_ range: Range<Int>) -> Tensor {
    precondition(rank >= 1, "Tensor.rows: a scalar has no rows")
    precondition(
      range.lowerBound >= 0 && range.upperBound <= rowCount,
      "Tensor.rows: \(range) out of range for \(rowCount) rows")
    var newShape = shape
    newShape[0] = range.count
    return Tensor(storage: storage, offset: offset + range.lowerBound * rowWidth, shape: newShape)
  }

  /// Row `index` of the first dimension (shape without the first dimension), as a view.
  ///
  ///     Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]).row(1).scalars   // [3, 4]
  public func row(_ index: Int) -> Tensor {
    precondition(
      index >= 0 && index < rowCount, "Tensor.row: \(index) out of range for \(rowCount) rows")
    return Tensor(
      storage: storage, offset: offset + index * rowWidth, shape: Array(shape.dropFirst()))
  }

  /// Replaces rows starting at `start` with the rows of `source` (same row shape).
  ///
  ///     var t = Tensor(shape: [3, 1], repeating: 0)
  ///     t.replaceRows(startingAt: 1, with: Tensor(shape: [2, 1], scalars: [7, 8]))
  ///     t.scalars   // [0, 7, 8]
  public mutating func replaceRows(startingAt start: Int, with source: Tensor) {
    precondition(
      Array(source.shape.dropFirst()) == Array(shape.dropFirst()),
      "Tensor.replaceRows: row shape \(source.shape) does not match \(shape)")
    precondition(
      start >= 0 && start + source.rowCount <= rowCount,
      "Tensor.replaceRows: rows \(start)..<\(start + source.rowCount) out of range")
    let width = rowWidth
    source.withUnsafeBufferPointer { src in
      withUnsafeMutableBufferPointer { dst in
        guard let from = src.baseAddress, let to = dst.baseAddress else { return }
        (to + start * width).update(from: from, count: src.count)
      }
    }
  }
}
