import Foundation

/// A self-contained SVG line chart of several named series over a shared x axis, for
/// figures ``HistoryPlot`` does not draw (such as one validation curve per model depth).
///
///     let svg = SeriesPlot.svg(
///       title: "validation top-100 accuracy", xLabel: "epoch",
///       series: [("[32]", [(5, 0.20), (10, 0.24)]), ("[64, 32]", [(5, 0.18), (10, 0.25)])])
///
/// - Complexity: O(points).
public enum SeriesPlot {
  static let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]

  /// The SVG text; non-finite points are skipped.
  public static func svg(
    title: String, xLabel: String, series: [(name: String, points: [(x: Double, y: Double)])],
    width: Double = 560, height: Double = 340
  ) -> String {
    let points = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
    let (left, right, top, bottom) = (60.0, 150.0, 30.0, 40.0)
    let xs = points.map(\.x)
    let ys = points.map(\.y)
    let (x0, x1) = (xs.min() ?? 0, max((xs.max() ?? 1), (xs.min() ?? 0) + 1e-9))
    var (y0, y1) = (ys.min() ?? 0, ys.max() ?? 1)
    let pad = max(1e-6, (y1 - y0) * 0.05)
    (y0, y1) = (y0 - pad, y1 + pad)
    let plotW = width - left - right
    let plotH = height - top - bottom
    func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * plotW }
    func py(_ y: Double) -> Double { top + (1 - (y - y0) / (y1 - y0)) * plotH }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      font-family="sans-serif" font-size="11">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(f(left))" y="18" font-size="13">\(escape(title))</text>
      <rect x="\(f(left))" y="\(f(top))" width="\(f(plotW))" height="\(f(plotH))" fill="none" stroke="#999"/>

      """
    for i in 0...4 {
      let y = y0 + (y1 - y0) * Double(i) / 4
      out += "<line x1=\"\(f(left))\" x2=\"\(f(left + plotW))\" y1=\"\(f(py(y)))\" y2=\"\(f(py(y)))\" stroke=\"#eee\"/>\n"
      out += "<text x=\"\(f(left - 6))\" y=\"\(f(py(y) + 4))\" text-anchor=\"end\">\(String(format: "%.3f", y))</text>\n"
      let x = x0 + (x1 - x0) * Double(i) / 4
      out += "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(String(format: "%g", x.rounded()))</text>\n"
    }
    out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 6))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
    for (i, s) in series.enumerated() {
      let color = colors[i % colors.count]
      let line = s.points.filter { $0.x.isFinite && $0.y.isFinite }
        .map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
      out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(line)\"/>\n"
      let ly = top + 16 * Double(i) + 8
      out += "<line x1=\"\(f(left + plotW + 12))\" x2=\"\(f(left + plotW + 32))\" y1=\"\(f(ly))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
      out += "<text x=\"\(f(left + plotW + 38))\" y=\"\(f(ly + 4))\">\(escape(s.name))</text>\n"
    }
    return out + "</svg>\n"
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
