extension Variable {
  /// Rows of this table at `indices` (an embedding lookup; see
  /// ``Tensor/gather(rows:)``). The table's gradient is sparse: only the looked-up rows.
  ///
  ///     let tape = Tape()
  ///     let table = tape.watch(Tensor(rows: [[1], [2], [3]]))
  ///     let picked = table.gather(rows: [2, 2])
  ///     let g = tape.gradient(of: picked.sum(), wrt: [table])[0]
  ///     // .sparse: indices [2], rows [[2]]
  public func gather(rows indices: [Int32]) -> Variable {
    let tableShape = shape
    return Tape.recording(value.gather(rows: indices), [self]) { g, _ in
      [.sparse(SparseRowGradient(indices: indices, rows: g, denseShape: tableShape))]
    }
  }

  /// This tensor with `updates[i]` added to row `indices[i]` (see
  /// ``Tensor/scatterAdd(rows:updates:)``). Gradients: the upstream gradient for `self`, its
  /// rows at `indices` for `updates`.
  public func scatterAdd(rows indices: [Int32], updates: Variable) -> Variable {
    let value = self.value.scatterAdd(rows: indices, updates: updates.value)
    return Tape.recording(value, [self, updates]) { g, needs in
      [needs[0] ? .dense(g) : nil, needs[1] ? .dense(g.gather(rows: indices)) : nil]
    }
  }
}
