/// A gradient that is zero except in some rows of a table, as an embedding lookup produces
/// (TensorFlow's `IndexedSlices`): `rows[i]` is the gradient of row `indices[i]`.
///
/// ``Tape/gradient(of:wrt:seed:)`` returns it coalesced: indices ascending and unique, the
/// rows of repeated ids summed.
///
///     let g = SparseRowGradient(
///       indices: [3, 1, 3], rows: Tensor(rows: [[1], [2], [4]]), denseShape: [5, 1])
///     g.coalesced().indices          // [1, 3]
///     g.coalesced().rows.scalars     // [2, 5]
///     g.densified().scalars          // [0, 2, 0, 5, 0]
public struct SparseRowGradient: Sendable {
  /// The rows of the table that have a gradient.
  public var indices: [Int32]
  /// `[indices.count] + row shape`: the gradient of each listed row.
  public var rows: Tensor
  /// The shape of the whole table.
  public var denseShape: [Int]

  /// A sparse gradient; `rows` has one row per index.
  public init(indices: [Int32], rows: Tensor, denseShape: [Int]) {
    precondition(
      rows.shape == [indices.count] + denseShape.dropFirst(),
      "SparseRowGradient: rows shape \(rows.shape) is not [\(indices.count)] + "
        + "\(denseShape.dropFirst())")
    self.indices = indices
    self.rows = rows
    self.denseShape = denseShape
  }

  /// No rows at all: the gradient of a table the loss does not depend on.
  public init(emptyFor denseShape: [Int]) {
    self.init(
      indices: [], rows: Tensor(shape: [0] + denseShape.dropFirst()), denseShape: denseShape)
  }

  /// The same gradient with ascending, unique indices; rows of repeated indices are summed.
  ///
  /// - Complexity: O(n · rowWidth + min(n log n, tableRows)) for n listed rows: a table with
  ///   at most `8n + 1024` rows is bucketed by id instead of sorted.
  public func coalesced() -> SparseRowGradient {
    if zip(indices, indices.dropFirst()).allSatisfy({ $0 < $1 }) { return self }
    let tableRows = denseShape.first ?? 0
    if tableRows <= 8 * indices.count + 1024 { return coalescedByBuckets(tableRows: tableRows) }
    let order = indices.indices.sorted { (indices[$0], $0) < (indices[$1], $1) }
    var unique: [Int32] = []
    unique.reserveCapacity(indices.count)
    for position in order where unique.last != indices[position] {
      unique.append(indices[position])
    }
    if unique.count == indices.count && order.elementsEqual(indices.indices) { return self }
    let width = rows.rowWidth
    let summed = rows.withUnsafeBufferPointer { source in
      Tensor(uninitializedShape: [unique.count] + denseShape.dropFirst()) { out in
        out.initialize(repeating: 0)
        var slot = -1
        var previous: Int32 = -1
        for position in order {
          if slot < 0 || indices[position] != previous {
            slot += 1
            previous = indices[position]
          }
          for j in 0..<width { out[slot * width + j] += source[position * width + j] }
        }
      }
    }
    return SparseRowGradient(indices: unique, rows: summed, denseShape: denseShape)
  }

  /// ``coalesced()`` for a table of few rows: one slot per table row, filled in id order.
  private func coalescedByBuckets(tableRows: Int) -> SparseRowGradient {
    var slots = [Int32](repeating: -1, count: tableRows)
    for id in indices {
      precondition(
        id >= 0 && Int(id) < tableRows,
        "SparseRowGradient: index \(id) out of range for \(tableRows) rows")
      slots[Int(id)] = 0
    }
    var unique: [Int32] = []
    unique.reserveCapacity(min(indices.count, tableRows))
    for row in 0..<tableRows where slots[row] == 0 {
      slots[row] = Int32(unique.count)
      unique.append(Int32(row))
    }
    let width = rows.rowWidth
    let summed = rows.withUnsafeBufferPointer { source in
      Tensor(uninitializedShape: [unique.count] + denseShape.dropFirst()) { out in
        out.initialize(repeating: 0)
        guard let src = source.baseAddress, let dst = out.baseAddress else { return }
        for (position, id) in indices.enumerated() {
          let target = dst + Int(slots[Int(id)]) * width
          let row = src + position * width
          for j in 0..<width { target[j] += row[j] }
        }
      }
    }
    return SparseRowGradient(indices: unique, rows: summed, denseShape: denseShape)
  }

  /// The full table-shaped gradient, zero outside the listed rows.
  public func densified() -> Tensor {
    Tensor(shape: denseShape).scatterAdd(rows: indices, updates: rows)
  }
}
