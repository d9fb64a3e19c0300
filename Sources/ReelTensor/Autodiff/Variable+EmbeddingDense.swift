/// Whether ``embeddingDense(tables:ids:kernel:bias:activation:folding:)`` multiplies the
/// tables' touched rows by the kernel (folded) or the gathered, concatenated batch.
public enum EmbeddingDenseFolding: String, Sendable, CaseIterable {
  /// Fold when the estimated cost (matrix-product flops plus the gather-add and scatter-add
  /// sweeps) is lower than the plain path's. Decided per call from the batch's distinct ids.
  case automatic
  /// Always fold.
  case always
  /// Never fold: gather, concatenate, then ``affine(_:kernel:bias:activation:)``.
  case never
}

/// `activation(concat([tables[0][ids[0]], …, tables[T-1][ids[T-1]]], axis: 1) · kernel + bias)`:
/// a Dense layer applied to concatenated embedding lookups, as one recorded operation.
///
/// When the batch reads few distinct rows of each table, the product is computed per table
/// row instead of per example (folding). With `kernel` split into row blocks `W_t`, one per
/// table, `concat(E_t[ids_t]) · W = Σ_t (E_t[touched_t] · W_t)[ids_t]`. Each touched row is
/// projected once, and each example's output is a sum of T projected rows plus the bias.
/// Backward, the pre-activation gradient rows are summed per touched id (`dP_t`), and then
/// `dW_t = E_t[touched_t]ᵀ · dP_t` and `dE_t = dP_t · W_tᵀ`. The tables' gradients are
/// sparse over the touched rows, as an embedding lookup's are, so lazy optimizer updates
/// are unchanged. The result equals the plain path up to float rounding (the sums run in a
/// different order).
///
/// For 943 users and 1682 movies of width 32 into 256 outputs at batch 8192, folding
/// multiplies about 2,600 table rows instead of 8,192 concatenated rows: the first layer's
/// products drop from 805 to about 128 MFLOP per training step.
///
///     let tape = Tape()
///     let users = tape.watch(userTable)          // [943, 32]
///     let movies = tape.watch(movieTable)        // [1682, 32]
///     let hidden = embeddingDense(
///       tables: [users, movies], ids: [userIDs, movieIDs],
///       kernel: tape.watch(kernel), bias: tape.watch(bias), activation: .relu)  // [batch, 256]
///
/// - Parameters:
///   - tables: rank-2 tables `[rows_t, d_t]`.
///   - ids: one id array per table, all of the batch's length, each id in `0..<rows_t`.
///   - kernel: `[Σ d_t, outputs]`; rows `Σ_{s<t} d_s ..< Σ_{s≤t} d_s` multiply table t.
///   - bias: `[outputs]`, or nil.
///   - folding: ``EmbeddingDenseFolding/automatic`` by default.
/// - Precondition: shapes agree and every id is in range.
/// - Complexity: plain, three products of `batch × Σd_t × outputs` when recorded (one
///   otherwise). Folded, three of `Σ U_t·d_t × outputs` for `U_t` distinct ids of table t,
///   plus two sweeps over `T · batch · outputs` floats, and O(batch + rows_t) per table to find
///   the distinct ids (O(batch log batch) for tables of more than `8·batch + 1024` rows).
public func embeddingDense(
  tables: [Variable], ids: [[Int32]], kernel: Variable, bias: Variable?, activation: Activation,
  folding: EmbeddingDenseFolding = .automatic
) -> Variable {
  precondition(!tables.isEmpty, "embeddingDense: needs at least one table")
  precondition(
    tables.count == ids.count,
    "embeddingDense: \(tables.count) tables but \(ids.count) id arrays")
  let batch = ids[0].count
  precondition(
    ids.allSatisfy { $0.count == batch }, "embeddingDense: id arrays differ in length")
  precondition(
    tables.allSatisfy { $0.value.rank == 2 }, "embeddingDense: every table must have rank 2")
  let w = kernel.value
  let widths = tables.map { $0.shape[1] }
  precondition(
    w.rank == 2 && w.shape[0] == widths.reduce(0, +),
    "embeddingDense: kernel \(w.shape) does not start with the tables' total width "
      + "\(widths.reduce(0, +))")
  let n = w.shape[1]
  if let b = bias {
    precondition(b.shape == [n], "embeddingDense: bias \(b.shape) is not [\(n)]")
  }
  guard folding != .never else {
    return unfoldedEmbeddingDense(tables, ids, kernel, bias, activation)
  }
  let touched = zip(tables, ids).map { TouchedRows(ids: $1, tableRows: $0.shape[0]) }
  let recorded = ([kernel] + tables + (bias.map { [$0] } ?? [])).contains { $0.isRecorded }
  if folding == .automatic
    && !EmbeddingDenseKernel.foldingPays(
      touched: touched.map(\.unique.count), widths: widths, batch: batch, outputs: n,
      recorded: recorded)
  {
    return unfoldedEmbeddingDense(tables, ids, kernel, bias, activation)
  }
  return foldedEmbeddingDense(tables, touched, batch, kernel, bias, activation)
}

/// The plain path: gather, concatenate, then one fused Dense operation.
private func unfoldedEmbeddingDense(
  _ tables: [Variable], _ ids: [[Int32]], _ kernel: Variable, _ bias: Variable?,
  _ activation: Activation
) -> Variable {
  let lookups = zip(tables, ids).map { $0.gather(rows: $1) }
  let x = lookups.count == 1 ? lookups[0] : concat(lookups, axis: 1)
  return affine(x, kernel: kernel, bias: bias, activation: activation)
}

/// The folded path (see ``embeddingDense(tables:ids:kernel:bias:activation:folding:)``).
private func foldedEmbeddingDense(
  _ tables: [Variable], _ touched: [TouchedRows], _ batch: Int, _ kernel: Variable,
  _ bias: Variable?, _ activation: Activation
) -> Variable {
  let w = kernel.value
  let count = tables.count
  var kernelRows: [Range<Int>] = []
  var projectionRows: [Range<Int>] = []
  for (table, rows) in zip(tables, touched) {
    let start = kernelRows.last?.upperBound ?? 0
    kernelRows.append(start..<(start + table.shape[1]))
    let first = projectionRows.last?.upperBound ?? 0
    projectionRows.append(first..<(first + rows.unique.count))
  }
  // Example i's row of the projections for table t is at rowsOfExample[i·T + t].
  var rowsOfExample = [Int32](repeating: 0, count: batch * count)
  for (t, rows) in touched.enumerated() {
    let base = Int32(projectionRows[t].lowerBound)
    for (i, position) in rows.local.enumerated() { rowsOfExample[i * count + t] = base + position }
  }
  let gathered = zip(tables, touched).map { $0.value.gather(rows: $1.unique) }
  let projections = EmbeddingDenseKernel.project(
    rows: gathered, kernelRows: kernelRows, kernel: w)
  let total = projectionRows.last?.upperBound ?? 0
  let y = EmbeddingDenseKernel.gatherAdd(
    projections: projections, rowsOfExample: rowsOfExample, tables: count, batch: batch,
    bias: bias?.value, activation: activation)
  let inputs = tables + [kernel] + (bias.map { [$0] } ?? [])
  // The backward pass captures tensors and shapes only: a captured Variable would hold its
  // tape, and the tape holds this closure (a reference cycle that leaks every step's tape).
  let tableShapes = tables.map(\.shape)
  return Tape.recording(y, inputs) { g, needs in
    let wantsBias = needs.count > count + 1 && needs[count + 1]
    let pre: Tensor? =
      activation == .relu
      ? nil
      : AffineKernel.backward(g: g, y: y, activation: activation, wantsBias: false).preActivation
    let (dP, db) = EmbeddingDenseKernel.scatterAdd(
      pre ?? g, reluOutput: pre == nil ? y : nil, rowsOfExample: rowsOfExample, tables: count,
      projectionRows: total, wantsBias: wantsBias)
    var out: [Gradient?] = (0..<count).map { t in
      guard needs[t] else { return nil }
      let rows = EmbeddingDenseKernel.tableGradient(
        projections: dP, projectionRows: projectionRows[t], kernel: w,
        kernelRows: kernelRows[t])
      return .sparse(
        SparseRowGradient(
          indices: touched[t].unique, rows: rows, denseShape: tableShapes[t]))
    }
    out.append(
      needs[count]
        ? .dense(
          EmbeddingDenseKernel.kernelGradient(
            rows: gathered, kernelRows: kernelRows, projections: dP, kernelShape: w.shape))
        : nil)
    if needs.count > count + 1 { out.append(db.map { .dense($0) }) }
    return out
  }
}
