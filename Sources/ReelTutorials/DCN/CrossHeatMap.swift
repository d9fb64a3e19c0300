import Foundation
import ReelCharts

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
    let maximum = values.joined().max() ?? 0
    let minimum = values.joined().min() ?? 0
    func shade(_ v: Double) -> (String, Bool) {
      let t = maximum > minimum ? (v - minimum) / (maximum - minimum) : 0
      // matplotlib Blues from #f7fbff (low) to #08306b (high).
      let (r, g, b) = (247 + (8 - 247) * t, 251 + (48 - 251) * t, 255 + (107 - 255) * t)
      return (String(format: "#%02x%02x%02x", Int(r), Int(g), Int(b)), t > 0.55)
    }
    var svg = SVGDocument(
      width: left + cell * Double(n) + 90, height: bottom + 150, fontSize: 12)
    svg.title(title)
    for i in 0..<n {
      for j in 0..<n {
        let (x, y) = (left + cell * Double(j), top + cell * Double(i))
        let (color, dark) = shade(values[i][j])
        svg.rect(x: x, y: y, width: cell, height: cell, fill: color)
        svg.text(
          format(values[i][j]), x: x + cell / 2, y: y + cell / 2 + 4, anchor: .middle,
          fill: dark ? "white" : "black")
      }
      svg.text(labels[i], x: left - 8, y: top + cell * Double(i) + cell / 2 + 4, anchor: .end)
      svg.text(
        labels[i], x: left + cell * Double(i) + cell / 2, y: bottom + 14, anchor: .end,
        rotation: -45)
    }
    // Colour bar: 20 steps from the maximum (top) to the minimum (bottom).
    let barX = left + cell * Double(n) + 20
    let step = cell * Double(n) / 20
    for k in 0..<20 {
      let (color, _) = shade(maximum - (maximum - minimum) * Double(k) / 19)
      svg.rect(x: barX, y: top + step * Double(k), width: 16, height: step + 1, fill: color)
    }
    svg.text(format(maximum), x: barX + 20, y: top + 10)
    svg.text(format(minimum), x: barX + 20, y: bottom)
    return svg.rendered
  }

  private func format(_ v: Double) -> String {
    SVGDocument.number(v, decimals: v >= 100 ? 0 : v >= 1 ? 2 : 3)
  }
}
