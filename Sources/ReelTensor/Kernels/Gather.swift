extension Tensor {
  /// The rows of this table at `indices`, stacked: shape `[indices.count] + row shape`.
  /// This is an embedding lookup.
  ///
  ///     let table = Tensor(rows: [[0, 0], [1, 1], [2, 2]])
  ///     table.gather(rows: [2, 0, 2]).scalars   // [2, 2, 0, 0, 2, 2]
  ///
  /// - Precondition: every index is in `0..<rowCount`.
  /// - Complexity: O(indices.count · rowWidth).
  public func gather(rows indices: [Int32]) -> Tensor {
    precondition(rank >= 1, "gather: a scalar has no rows")
    let width = rowWidth
    let rowCount = self.rowCount
    for index in indices {
      precondition(
        index >= 0 && Int(index) < rowCount,
        "gather: row index \(index) out of range for \(rowCount) rows")
    }
    return withUnsafeBufferPointer { table in
      Tensor(uninitializedShape: [indices.count] + shape.dropFirst()) { output in
        guard let src = table.baseAddress, let dst = output.baseAddress else { return }
        indices.withUnsafeBufferPointer { ids in
          Parallel.forEachChunk(
            count: ids.count, minimumChunk: Swift.max(1, (1 << 15) / Swift.max(width, 1))
          ) {
            range in
            for i in range {
              (dst + i * width).update(from: src + Int(ids[i]) * width, count: width)
            }
          }
        }
      }
    }
  }

  /// This tensor with row `updates[i]` added to row `indices[i]` for every `i`; repeated
  /// indices accumulate. The adjoint of ``gather(rows:)``.
  ///
  ///     let base = Tensor(shape: [3, 1], repeating: 0)
  ///     base.scatterAdd(rows: [2, 0, 2], updates: Tensor(rows: [[1], [2], [3]])).scalars
  ///     // [2, 0, 4]
  ///
  /// - Complexity: O(indices.count · rowWidth), plus a copy of `self` when it is shared.
  public func scatterAdd(rows indices: [Int32], updates: Tensor) -> Tensor {
    var result = self
    result.scatterAddInPlace(rows: indices, updates: updates)
    return result
  }

  /// In-place ``scatterAdd(rows:updates:)``.
  public mutating func scatterAddInPlace(rows indices: [Int32], updates: Tensor) {
    precondition(
      updates.shape == [indices.count] + shape.dropFirst(),
      "scatterAdd: updates shape \(updates.shape) is not [\(indices.count)] + \(shape.dropFirst())")
    let width = rowWidth
    let rowCount = self.rowCount
    updates.withUnsafeBufferPointer { source in
      withUnsafeMutableBufferPointer { table in
        guard let src = source.baseAddress, let dst = table.baseAddress else { return }
        for (i, index) in indices.enumerated() {
          precondition(
            index >= 0 && Int(index) < rowCount,
            "scatterAdd: row index \(index) out of range for \(rowCount) rows")
          let target = dst + Int(index) * width
          let row = src + i * width
          for j in 0..<width { target[j] += row[j] }
        }
      }
    }
  }
}
