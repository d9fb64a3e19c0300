/// The matrix product `op(a) · op(b)` of variables (see
/// ``matmul(_:_:transposeA:transposeB:)-(Tensor,Tensor,_,_)``), recording its backward pass:
/// two more products, each through OpenBLAS with the transposes chosen so nothing is copied.
///
///     let tape = Tape()
///     let q = tape.watch(Tensor(rows: [[1, 0]]))
///     let c = Variable(constant: Tensor(rows: [[2, 3], [4, 5]]))
///     matmul(q, c, transposeB: true).value.scalars   // [2, 4]
public func matmul(
  _ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false
) -> Variable {
  let (x, y) = (a.value, b.value)
  let value = matmul(x, y, transposeA: transposeA, transposeB: transposeB)
  return Tape.recording(value, [a, b]) { g, needs in
    // Leading dimensions of a rank>2 `a` are rows: work on the flattened matrices.
    let xm =
      x.rank > 2 ? x.reshaped([x.scalarCount / x.shape[x.rank - 1], x.shape[x.rank - 1]]) : x
    let gm =
      g.rank > 2 ? g.reshaped([g.scalarCount / g.shape[g.rank - 1], g.shape[g.rank - 1]]) : g
    var da: Tensor?
    var db: Tensor?
    switch (transposeA, transposeB) {
    case (false, false):
      if needs[0] { da = matmul(gm, y, transposeB: true) }
      if needs[1] { db = matmul(xm, gm, transposeA: true) }
    case (true, false):
      if needs[0] { da = matmul(y, gm, transposeB: true) }
      if needs[1] { db = matmul(xm, gm) }
    case (false, true):
      if needs[0] { da = matmul(gm, y) }
      if needs[1] { db = matmul(gm, xm, transposeA: true) }
    case (true, true):
      if needs[0] { da = matmul(y, gm, transposeA: true, transposeB: true) }
      if needs[1] { db = matmul(gm, xm, transposeA: true, transposeB: true) }
    }
    return [da.map { .dense($0.reshaped(x.shape)) }, db.map { .dense($0) }]
  }
}
