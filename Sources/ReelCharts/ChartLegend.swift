/// The colours the charts give their series, in order (matplotlib's and d3's
/// "category10").
///
///     ChartPalette.color(0)   // "#1f77b4" (blue)
///     ChartPalette.color(11)  // "#ff7f0e" (orange again)
public enum ChartPalette {
  public static let colors = [
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  ]

  /// The colour of series `index`; the palette repeats after ten.
  public static func color(_ index: Int) -> String {
    colors[((index % colors.count) + colors.count) % colors.count]
  }
}

/// How a series is marked: in a legend and, for points, in the plot.
public enum ChartSwatch: Sendable, Equatable {
  /// A short line, dashed by an SVG dash array such as `"5,3"` when given.
  case line(dash: String?)
  /// A filled square (bars).
  case box
  /// A filled circle of radius 4.
  case dot
  /// A hollow square 8 px wide.
  case square
}

extension SVGDocument {
  /// Draws the point marker `swatch` (``ChartSwatch/dot`` or ``ChartSwatch/square``; a
  /// line is drawn as a dot) centred at (x, y).
  public mutating func marker(_ swatch: ChartSwatch, x: Double, y: Double, color: String) {
    switch swatch {
    case .square:
      rect(x: x - 4, y: y - 4, width: 8, height: 8, stroke: color, strokeWidth: 1.5)
    case .box:
      rect(x: x - 5, y: y - 5, width: 10, height: 10, fill: color)
    case .dot, .line:
      circle(cx: x, cy: y, r: 4, fill: color)
    }
  }

  /// Draws a legend: one swatch and name per entry, from (x, y) (the first swatch's
  /// top-left corner) downwards 16 px apart, or rightwards `columnWidth` apart when given.
  ///
  ///     svg.legend(
  ///       [("train", "#1f77b4", .line(dash: nil)), ("test", "#ff7f0e", .box)], x: 420, y: 30)
  public mutating func legend(
    _ entries: [(name: String, color: String, swatch: ChartSwatch)], x: Double, y: Double,
    columnWidth: Double? = nil
  ) {
    for (i, entry) in entries.enumerated() {
      let (ex, ey) =
        columnWidth.map { (x + $0 * Double(i), y) } ?? (x, y + 16 * Double(i))
      switch entry.swatch {
      case .line(let dash):
        line(x1: ex, y1: ey + 5, x2: ex + 20, y2: ey + 5, stroke: entry.color, width: 2, dash: dash)
      case .box, .dot, .square:
        marker(entry.swatch, x: ex + 10, y: ey + 5, color: entry.color)
      }
      text(entry.name, x: ex + 26, y: ey + 9)
    }
  }
}
