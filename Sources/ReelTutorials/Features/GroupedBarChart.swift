import Foundation

/// A small SVG grouped bar chart for the tutorials' side-by-side figures: one group per
/// category (e.g. top-1 … top-100), one bar per series (e.g. each model), values labelled.
///
///     let svg = GroupedBarChart.svg(
///       title: "Test top-k accuracy", categories: ["top-10", "top-100"],
///       series: [("id only", [0.02, 0.21]), ("with timestamps", [0.03, 0.25])])
public enum GroupedBarChart {
  /// The chart as an SVG document (640 × 360, y from 0 to the largest value rounded up).
  public static func svg(
    title: String, categories: [String], series: [(name: String, values: [Double])]
  ) -> String {
    let (width, height) = (640.0, 360.0)
    let (left, right, top, bottom) = (50.0, 20.0, 40.0, 60.0)
    let plotW = width - left - right
    let plotH = height - top - bottom
    let maxValue = series.flatMap(\.values).filter(\.isFinite).max() ?? 1
    let yMax = niceCeiling(max(maxValue, 1e-9))
    let colors = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#b07aa1"]
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" \
      font-family="sans-serif" font-size="11">
      <rect width="100%" height="100%" fill="white"/>
      <text x="\(width / 2)" y="20" text-anchor="middle" font-size="14">\(escape(title))</text>

      """
    for tick in 0...4 {
      let v = yMax * Double(tick) / 4
      let y = top + plotH * (1 - v / yMax)
      out += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(width - right)\" y2=\"\(y)\" stroke=\"#ddd\"/>"
      out += "<text x=\"\(left - 5)\" y=\"\(y + 4)\" text-anchor=\"end\">\(fmt(v, 2))</text>\n"
    }
    let groupW = plotW / Double(max(1, categories.count))
    let barW = groupW * 0.8 / Double(max(1, series.count))
    for (c, category) in categories.enumerated() {
      let x0 = left + groupW * Double(c) + groupW * 0.1
      for (s, entry) in series.enumerated() where c < entry.values.count {
        let v = entry.values[c].isFinite ? entry.values[c] : 0
        let h = plotH * v / yMax
        let x = x0 + barW * Double(s)
        out += "<rect x=\"\(fmt(x, 1))\" y=\"\(fmt(top + plotH - h, 1))\" width=\"\(fmt(barW - 2, 1))\" "
        out += "height=\"\(fmt(h, 1))\" fill=\"\(colors[s % colors.count])\"/>"
        out += "<text x=\"\(fmt(x + (barW - 2) / 2, 1))\" y=\"\(fmt(top + plotH - h - 3, 1))\" "
        out += "text-anchor=\"middle\" font-size=\"9\">\(fmt(v, 3))</text>\n"
      }
      out += "<text x=\"\(fmt(x0 + groupW * 0.4, 1))\" y=\"\(top + plotH + 15)\" "
      out += "text-anchor=\"middle\">\(escape(category))</text>\n"
    }
    for (s, entry) in series.enumerated() {
      let x = left + Double(s) * (plotW / Double(max(1, series.count)))
      let y = height - 20
      out += "<rect x=\"\(fmt(x, 1))\" y=\"\(y - 9)\" width=\"10\" height=\"10\" "
      out += "fill=\"\(colors[s % colors.count])\"/>"
      out += "<text x=\"\(fmt(x + 14, 1))\" y=\"\(y)\">\(escape(entry.name))</text>\n"
    }
    out += "<line x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(width - right)\" y2=\"\(top + plotH)\" stroke=\"black\"/>\n"
    return out + "</svg>\n"
  }

  /// The smallest of 1, 2, 2.5 or 5 × 10ⁿ at or above `x`.
  static func niceCeiling(_ x: Double) -> Double {
    let p = Foundation.pow(10, Foundation.floor(Foundation.log10(x)))
    for m in [1.0, 2, 2.5, 5, 10] where m * p >= x { return m * p }
    return 10 * p
  }

  static func fmt(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
