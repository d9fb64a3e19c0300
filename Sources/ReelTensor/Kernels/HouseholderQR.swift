/// The thin QR factorization of a tall matrix by Householder reflections, in Double (for
/// ``Initializers/orthogonal(shape:gain:using:)``; the matrices are weight-sized).
enum HouseholderQR {
  /// `Q` (`rows × columns`, orthonormal columns, row-major) and the diagonal of `R` of the
  /// row-major `a`, with `rows ≥ columns`.
  ///
  /// - Complexity: O(rows · columns²).
  static func thinQ(_ a: [Double], rows m: Int, columns n: Int) -> (
    q: [Double], rDiagonal: [Double]
  ) {
    precondition(m >= n && a.count == m * n, "HouseholderQR: needs a tall \(m)×\(n) matrix")
    var r = a
    var reflectors: [[Double]] = []
    var diagonal = [Double](repeating: 0, count: n)
    for k in 0..<n {
      var v = (k..<m).map { r[$0 * n + k] }
      let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      let alpha = v[0] > 0 ? -norm : norm
      v[0] -= alpha
      let vNorm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
      if vNorm > 0 {
        for i in v.indices { v[i] /= vNorm }
        // R[k..., k...] -= 2 v (vᵀ R[k..., k...])
        for j in k..<n {
          var dot = 0.0
          for i in v.indices { dot += v[i] * r[(k + i) * n + j] }
          for i in v.indices { r[(k + i) * n + j] -= 2 * v[i] * dot }
        }
      }
      diagonal[k] = r[k * n + k]
      reflectors.append(vNorm > 0 ? v : [])
    }
    // Q = H₀ H₁ … Hₙ₋₁ applied to the first n columns of the identity, last reflector first.
    var q = [Double](repeating: 0, count: m * n)
    for i in 0..<n { q[i * n + i] = 1 }
    for k in stride(from: n - 1, through: 0, by: -1) where !reflectors[k].isEmpty {
      let v = reflectors[k]
      for j in 0..<n {
        var dot = 0.0
        for i in v.indices { dot += v[i] * q[(k + i) * n + j] }
        for i in v.indices { q[(k + i) * n + j] -= 2 * v[i] * dot }
      }
    }
    return (q, diagonal)
  }
}
