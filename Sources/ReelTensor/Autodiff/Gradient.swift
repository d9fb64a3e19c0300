/// The gradient of a loss with respect to one variable: a full tensor, or a sparse set of
/// rows for a table read through embedding lookups.
///
///     let dense = Gradient.dense(Tensor([1, 2]))
///     dense.densified().scalars   // [1, 2]
public enum Gradient: Sendable {
  /// A gradient with the variable's shape.
  case dense(Tensor)
  /// A gradient that is zero outside some rows.
  case sparse(SparseRowGradient)

  /// The gradient as a full tensor (sparse rows are scattered into zeros).
  public func densified() -> Tensor {
    switch self {
    case .dense(let tensor): return tensor
    case .sparse(let sparse): return sparse.densified()
    }
  }

  /// The shape of the variable this is the gradient of.
  public var shape: [Int] {
    switch self {
    case .dense(let tensor): return tensor.shape
    case .sparse(let sparse): return sparse.denseShape
    }
  }
}

/// The running sum of the gradients reaching one tape node.
enum GradientSum {
  case dense(Tensor)
  case sparse([SparseRowGradient])

  init(_ gradient: Gradient) {
    switch gradient {
    case .dense(let t): self = .dense(t)
    case .sparse(let s): self = .sparse([s])
    }
  }

  /// Adds `gradient`, writing into the running dense sum in place when possible.
  mutating func add(_ gradient: Gradient) {
    switch gradient {
    case .dense(let t):
      if case .dense(var total) = self {
        self = .sparse([])  // drop the enum's reference so `total` is written in place
        total += t
        self = .dense(total)
      } else if case .sparse(let parts) = self {
        var total = t
        for s in parts { total.scatterAddInPlace(rows: s.indices, updates: s.rows) }
        self = .dense(total)
      }
    case .sparse(let s):
      if case .dense(var total) = self {
        self = .sparse([])
        total.scatterAddInPlace(rows: s.indices, updates: s.rows)
        self = .dense(total)
      } else if case .sparse(var parts) = self {
        self = .sparse([])
        parts.append(s)
        self = .sparse(parts)
      }
    }
  }

  /// The sum as a full tensor of `shape`.
  func densified(shape: [Int]) -> Tensor {
    switch self {
    case .dense(let t): return t
    case .sparse(let parts):
      var total = Tensor(shape: shape)
      for s in parts { total.scatterAddInPlace(rows: s.indices, updates: s.rows) }
      return total
    }
  }

  /// The sum as a gradient: sparse parts joined and coalesced.
  func gradient(shape: [Int]) -> Gradient {
    switch self {
    case .dense(let t): return .dense(t)
    case .sparse(let parts):
      guard parts.count > 1 else {
        return .sparse((parts.first ?? SparseRowGradient(emptyFor: shape)).coalesced())
      }
      let joined = SparseRowGradient(
        indices: parts.flatMap(\.indices), rows: concat(parts.map(\.rows), axis: 0),
        denseShape: shape)
      return .sparse(joined.coalesced())
    }
  }
}
