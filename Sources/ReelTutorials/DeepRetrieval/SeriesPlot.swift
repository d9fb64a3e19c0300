import Foundation
import ReelCharts

/// A self-contained SVG line chart of several named series over a shared x axis, for
/// figures ``HistoryPlot`` does not draw (such as one validation curve per model depth).
///
///     let svg = SeriesPlot.svg(
///       title: "validation top-100 accuracy", xLabel: "epoch",
///       series: [("[32]", [(5, 0.20), (10, 0.24)]), ("[64, 32]", [(5, 0.18), (10, 0.25)])])
///
/// - Complexity: O(points).
public enum SeriesPlot {
  /// The SVG text; non-finite points are skipped. When every x is a whole number (epochs),
  /// so are the x ticks.
  public static func svg(
    title: String, xLabel: String, series: [(name: String, points: [(x: Double, y: Double)])],
    width: Double = 560, height: Double = 340
  ) -> String {
    let lines = series.map { s in s.points.filter { $0.x.isFinite && $0.y.isFinite } }
    let points = lines.joined()
    let (xs, ys) = (points.map(\.x), points.map(\.y))
    let (x0, y0) = (xs.min() ?? 0, ys.min() ?? 0)
    // The legend's column: 150 px, or wider for long names (about 0.6 em per character).
    let longest = series.map(\.name.count).max() ?? 0
    let frame = ChartFrame(
      left: 60, top: 36, right: width - max(150, 44 + 6.6 * Double(longest)), bottom: height - 42,
      x: x0...max(xs.max() ?? 1, x0 + 1e-9), y: y0...max(ys.max() ?? 1, y0), niceY: true)
    let integral = xs.allSatisfy { $0 == $0.rounded() }
    var svg = SVGDocument(width: width, height: height)
    svg.title(title)
    frame.drawAxes(
      into: &svg, xTicks: frame.x.ticks(count: 8, integral: integral), xLabel: xLabel)
    for (i, line) in lines.enumerated() {
      svg.polyline(line.map { frame.point($0.x, $0.y) }, stroke: ChartPalette.color(i))
    }
    svg.legend(
      series.enumerated().map { ($1.name, ChartPalette.color($0), .line(dash: nil)) },
      x: frame.right + 12, y: frame.top + 3)
    return svg.rendered
  }
}
