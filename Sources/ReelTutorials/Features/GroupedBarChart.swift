import Foundation
import ReelCharts

/// A small SVG grouped bar chart for the tutorials' side-by-side figures: one group per
/// category (e.g. top-1 … top-100), one bar per series (e.g. each model), values labelled.
///
///     let svg = GroupedBarChart.svg(
///       title: "Test top-k accuracy", categories: ["top-10", "top-100"],
///       series: [("id only", [0.02, 0.21]), ("with timestamps", [0.03, 0.25])])
public enum GroupedBarChart {
  /// The chart as an SVG document (640 × 360, y from 0 to the largest value rounded up to a
  /// tick).
  public static func svg(
    title: String, categories: [String], series: [(name: String, values: [Double])]
  ) -> String {
    let (width, height) = (640.0, 360.0)
    let maxValue = series.flatMap(\.values).filter(\.isFinite).max() ?? 1
    let frame = ChartFrame(
      left: 50, top: 40, right: width - 20, bottom: height - 60,
      x: 0...Double(max(1, categories.count)), y: 0...max(maxValue, 1e-9), niceY: true)
    var svg = SVGDocument(width: width, height: height)
    svg.title(title)
    let groups = categories.enumerated().map {
      ChartScale.Tick(value: Double($0) + 0.5, label: $1)
    }
    frame.drawAxes(into: &svg, xTicks: groups, outline: .baseline)
    let groupW = frame.x(1) - frame.x(0)
    let barW = groupW * 0.8 / Double(max(1, series.count))
    for c in categories.indices {
      let x0 = frame.x(Double(c)) + groupW * 0.1
      for (s, entry) in series.enumerated() where c < entry.values.count {
        let v = entry.values[c].isFinite ? entry.values[c] : 0
        let (x, y) = (x0 + barW * Double(s), frame.y(v))
        svg.rect(
          x: x, y: y, width: barW - 2, height: frame.bottom - y, fill: ChartPalette.color(s))
        svg.text(
          SVGDocument.number(v, decimals: 3), x: x + (barW - 2) / 2, y: y - 3, anchor: .middle,
          fontSize: 9)
      }
    }
    svg.legend(
      series.enumerated().map { ($1.name, ChartPalette.color($0), .box) },
      x: frame.left, y: height - 29,
      columnWidth: (frame.right - frame.left) / Double(max(1, series.count)))
    return svg.rendered
  }
}
