import Foundation

/// A heat map of a cross layer's learned weight matrix, as the DCN tutorial draws it: the
/// Frobenius norm of each `blockSize × blockSize` block `W[i·s..<(i+1)·s, j·s..<(j+1)·s]`
/// (one block per pair of features), or `|W[i, j]|` for `blockSize` 1 (the toy example),
/// drawn in shades of blue (matplotlib's `Blues`) as an SVG.
///
///     let map = try CrossHeatMap(matrix: cross.weightMatrix, blockSize: 32, labels: DCNRatings.features)
///     try map.svg(title: "DCN cross weights").write(toFile: "dcn-cross.svg", atomically: true, encoding: .utf8)
///
/// - Complexity: O(d²) for a `[d, d]` matrix.
public struct CrossHeatMap: Sendable {
  /// The feature names, one per block row and column.
  public let labels: [String]
  /// `values[i][j]`: the norm of block (i, j).
  public let values: [[Double]]

  /// The block norms of `matrix` (`[d, d]`, `d = labels.count · blockSize`).
  ///
  /// - Throws: ``RecommenderError`` when the shapes do not fit.
  public init(matrix: Tensor, blockSize: Int, labels: [String]) throws {
    let n = labels.count
    let d = n * blockSize
    guard blockSize > 0, matrix.shape == [d, d] else {
      throw RecommenderError(
        component: "CrossHeatMap",
        reason: "a \(matrix.shape) matrix is not \(n) × \(n) blocks of \(blockSize)")
    }
    let w = matrix.scalars
    var values = Array(repeating: Array(repeating: 0.0, count: n), count: n)
    for i in 0..<n {
      for j in 0..<n {
        var sum = 0.0
        for r in i * blockSize..<(i + 1) * blockSize {
          for c in j * blockSize..<(j + 1) * blockSize {
            let x = Double(w[r * d + c])
            sum += x * x
          }
        }
        values[i][j] = sum.squareRoot()
      }
    }
    self.labels = labels
    self.values = values
  }

  /// The block (i, j) with the largest norm.
  public var strongest: (row: Int, column: Int) {
    var best = (0, 0)
    for i in values.indices {
      for j in values[i].indices where values[i][j] > values[best.0][best.1] { best = (i, j) }
    }
    return best
  }

  /// The SVG drawing: one square per block, its value printed in it, a colour bar.
  public func svg(title: String) -> String {
    let n = labels.count
    let cell = 64.0
    let left = 170.0
    let top = 50.0
    let bottom = top + cell * Double(n)
    let width = left + cell * Double(n) + 90
    let height = bottom + 150
    let maximum = values.joined().max() ?? 0
    let minimum = values.joined().min() ?? 0
    func shade(_ v: Double) -> (String, Bool) {
      let t = maximum > minimum ? (v - minimum) / (maximum - minimum) : 0
      // matplotlib Blues from #f7fbff (low) to #08306b (high).
      let (r, g, b) = (247 + (8 - 247) * t, 251 + (48 - 251) * t, 255 + (107 - 255) * t)
      return (String(format: "#%02x%02x%02x", Int(r), Int(g), Int(b)), t > 0.55)
    }
    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      font-family="sans-serif" font-size="12">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(Int(width / 2))" y="24" text-anchor="middle" font-size="15">\(escape(title))</text>

      """
    for i in 0..<n {
      for j in 0..<n {
        let (x, y) = (left + cell * Double(j), top + cell * Double(i))
        let (color, dark) = shade(values[i][j])
        s += "<rect x=\"\(Int(x))\" y=\"\(Int(y))\" width=\"\(Int(cell))\" height=\"\(Int(cell))\" "
          + "fill=\"\(color)\"/>\n"
        s += "<text x=\"\(Int(x + cell / 2))\" y=\"\(Int(y + cell / 2 + 4))\" text-anchor=\"middle\" "
          + "fill=\"\(dark ? "white" : "black")\">\(format(values[i][j]))</text>\n"
      }
      s += "<text x=\"\(Int(left - 8))\" y=\"\(Int(top + cell * Double(i) + cell / 2 + 4))\" "
        + "text-anchor=\"end\">\(escape(labels[i]))</text>\n"
      let cx = Int(left + cell * Double(i) + cell / 2)
      let cy = Int(bottom + 14)
      s += "<text x=\"\(cx)\" y=\"\(cy)\" text-anchor=\"end\" transform=\"rotate(-45 \(cx) \(cy))\">"
        + "\(escape(labels[i]))</text>\n"
    }
    // Colour bar.
    let barX = Int(left + cell * Double(n) + 20)
    let step = cell * Double(n) / 20
    for k in 0..<20 {
      let (color, _) = shade(maximum - (maximum - minimum) * Double(k) / 19)
      s += "<rect x=\"\(barX)\" y=\"\(Int(top + step * Double(k)))\" width=\"16\" "
        + "height=\"\(Int(step.rounded(.up)) + 1)\" fill=\"\(color)\"/>\n"
    }
    s += "<text x=\"\(barX + 20)\" y=\"\(Int(top + 10))\">\(format(maximum))</text>\n"
    s += "<text x=\"\(barX + 20)\" y=\"\(Int(bottom))\">\(format(minimum))</text>\n"
    return s + "</svg>\n"
  }

  private func format(_ v: Double) -> String {
    v >= 100 ? String(format: "%.0f", v) : v >= 1 ? String(format: "%.2f", v) : String(format: "%.3f", v)
  }

  private func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
  }
}
