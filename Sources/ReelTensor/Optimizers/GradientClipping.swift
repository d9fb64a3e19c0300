/// Gradient clipping as Keras optimizers do it (`clipnorm`, `global_clipnorm`, `clipvalue`),
/// applied by every optimizer to the gradients it is given, before it sums the rows of
/// repeated indices in sparse gradients (as Keras clips before deduplicating).
///
/// - ``norm(_:)`` (Keras `clipnorm`): each gradient on its own is scaled to an L2 norm of at
///   most `c`: `g · c / max(‖g‖, c)` (`tf.clip_by_norm`).
/// - ``globalNorm(_:)`` (`global_clipnorm`): all gradients are scaled by one factor so their
///   joint norm is at most `c` (`tf.clip_by_global_norm`: factor `c · min(1/‖all‖, 1/c)`; a
///   non-finite joint norm makes every gradient NaN, as in TensorFlow).
/// - ``value(_:)`` (`clipvalue`): each element is clamped to `[−c, c]`.
///
/// A sparse gradient's norm and clamp see its rows as given, so for a `Tape` gradient (already
/// coalesced) they see the summed rows of repeated ids, where Keras sees one row per lookup.
/// Keras also accepts `clipnorm` with `clipvalue` and then ignores `clipvalue`; here one kind
/// is chosen.
///
///     let optimizer = Adagrad(learningRate: 0.1)
///     optimizer.clipping = .globalNorm(1)
public enum GradientClipping: Equatable, Sendable, CustomStringConvertible {
  /// No clipping.
  case none
  /// Each gradient scaled to an L2 norm of at most the bound (Keras `clipnorm`).
  case norm(Float)
  /// All gradients scaled together to a joint L2 norm of at most the bound
  /// (Keras `global_clipnorm`).
  case globalNorm(Float)
  /// Every element clamped to `[−bound, bound]` (Keras `clipvalue`).
  case value(Float)

  public var description: String {
    switch self {
    case .none: return "none"
    case .norm(let c): return "clipnorm=\(c)"
    case .globalNorm(let c): return "global_clipnorm=\(c)"
    case .value(let c): return "clipvalue=\(c)"
    }
  }

  /// `gradients` clipped.
  ///
  /// - Precondition: the bound is positive and finite.
  /// - Complexity: one or two passes over the gradients' values; none for ``none``.
  public func apply(to gradients: [Gradient]) -> [Gradient] {
    switch self {
    case .none:
      return gradients
    case .norm(let c):
      Self.checkBound(c)
      return gradients.map { g in
        let norm = Float(g.storedSquaredSum.squareRoot())
        // tf.clip_by_norm: g · c / max(norm, c); unchanged (up to rounding) when norm ≤ c.
        guard norm > c else { return g }
        return g.mapStoredValues { $0 * c / norm }
      }
    case .globalNorm(let c):
      Self.checkBound(c)
      let norm = Float(gradients.reduce(0) { $0 + $1.storedSquaredSum }.squareRoot())
      var scale = c * min(1 / norm, 1 / c)
      if !norm.isFinite { scale = .nan }
      return gradients.map { g in g.mapStoredValues { $0 * scale } }
    case .value(let c):
      Self.checkBound(c)
      return gradients.map { g in g.mapStoredValues { min(max($0, -c), c) } }
    }
  }

  private static func checkBound(_ c: Float) {
    precondition(c > 0 && c.isFinite, "GradientClipping: the bound must be positive, got \(c)")
  }
}

extension Gradient {
  /// The sum of squares of the stored values (a sparse gradient's listed rows as given), in
  /// Double.
  var storedSquaredSum: Double {
    let values: Tensor
    switch self {
    case .dense(let t): values = t
    case .sparse(let s): values = s.rows
    }
    return values.withUnsafeBufferPointer { b in
      var total = 0.0
      var partial: Float = 0
      for (i, x) in b.enumerated() {
        partial += x * x
        if i & 255 == 255 {
          total += Double(partial)
          partial = 0
        }
      }
      return total + Double(partial)
    }
  }

  /// The gradient with `transform` applied to every stored value.
  func mapStoredValues(_ transform: (Float) -> Float) -> Gradient {
    func mapped(_ t: Tensor) -> Tensor {
      t.withUnsafeBufferPointer { source in
        Tensor(uninitializedShape: t.shape) { out in
          for i in 0..<source.count { out[i] = transform(source[i]) }
        }
      }
    }
    switch self {
    case .dense(let t): return .dense(mapped(t))
    case .sparse(let s):
      return .sparse(
        SparseRowGradient(indices: s.indices, rows: mapped(s.rows), denseShape: s.denseShape))
    }
  }
}
