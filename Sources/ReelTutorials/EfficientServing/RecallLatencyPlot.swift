import Foundation

/// A self-contained SVG scatter plot of recall against query latency (log-scale x axis), one
/// labelled point per index setting, as in ANN benchmark plots: further up is more accurate,
/// further left is faster.
///
///     let svg = RecallLatencyPlot.svg(points: [
///       .init(label: "brute force", milliseconds: 20, recall: 1),
///       .init(label: "scann", milliseconds: 1.2, recall: 0.98),
///     ], title: "top-10 of 1.65M candidates")
public enum RecallLatencyPlot {
  /// One point: a setting's latency (ms per query, > 0) and recall (0...1).
  public struct Point: Equatable, Sendable {
    public var label: String
    public var milliseconds: Double
    public var recall: Double
    /// Which series it belongs to (points of a series share a colour and marker).
    public var series: String

    public init(label: String, milliseconds: Double, recall: Double, series: String = "") {
      self.label = label
      self.milliseconds = milliseconds
      self.recall = recall
      self.series = series
    }
  }

  /// The SVG text: one panel per series side by side (in order of first appearance), decades
  /// of ms per query on each x axis (log scale), recall on the shared y axis (from just below
  /// the lowest recall to 1), every point labelled.
  ///
  /// - Complexity: O(points).
  public static func svg(
    points: [Point], title: String, xLabel: String = "ms per query (log scale)"
  ) -> String {
    let finite = points.filter { $0.milliseconds > 0 && $0.milliseconds.isFinite }
    var series: [String] = []
    for p in finite where !series.contains(p.series) { series.append(p.series) }
    if series.isEmpty { series = [""] }
    let (panelWidth, height) = (380.0, 380.0)
    let lowest = finite.map(\.recall).min() ?? 0
    let yLo = max(0, ((lowest - 0.02) * 20).rounded(.down) / 20)
    var s = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(panelWidth) * series.count)" \
      height="\(Int(height))" font-family="sans-serif" font-size="11">
      <rect width="100%" height="100%" fill="white"/>
      <text x="60" y="18" font-size="13">\(escape(title))</text>

      """
    let colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd"]
    for (i, name) in series.enumerated() {
      s += panel(
        finite.filter { $0.series == name }, name: name, x0: Double(i) * panelWidth,
        width: panelWidth, height: height, yLo: yLo, xLabel: xLabel, kind: i,
        color: colors[i % colors.count])
    }
    return s + "</svg>\n"
  }

  private static func panel(
    _ points: [Point], name: String, x0: Double, width: Double, height: Double, yLo: Double,
    xLabel: String, kind: Int, color: String
  ) -> String {
    let (left, right, top, bottom) = (x0 + 60, x0 + width - 16, 44.0, height - 48)
    let xs = points.map { log10($0.milliseconds) }
    let xLo = (xs.min() ?? -1) - 0.15
    var xHi = (xs.max() ?? 1) + 0.25
    if xHi - xLo < 1 { xHi = xLo + 1 }
    let yHi = 1.0
    func px(_ ms: Double) -> Double { left + (log10(ms) - xLo) / (xHi - xLo) * (right - left) }
    func py(_ r: Double) -> Double { bottom - (r - yLo) / (yHi - yLo) * (bottom - top) }
    var s = "<g>\n"
    s += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(top - 8))\" text-anchor=\"middle\" "
      + "font-weight=\"bold\">\(escape(name))</text>\n"
    s += "<rect x=\"\(fmt(left))\" y=\"\(fmt(top))\" width=\"\(fmt(right - left))\" "
      + "height=\"\(fmt(bottom - top))\" fill=\"none\" stroke=\"#888\"/>\n"
    // Grid lines at 1, 2 and 5 times each power of ten inside the range.
    var decade = xLo.rounded(.down)
    while decade <= xHi {
      for factor in [1.0, 2.0, 5.0] {
        let value = log10(factor) + decade
        guard value >= xLo, value <= xHi else { continue }
        let x = left + (value - xLo) / (xHi - xLo) * (right - left)
        s += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(bottom))\" stroke=\"#ddd\"/>\n"
        s += "<text x=\"\(fmt(x))\" y=\"\(fmt(bottom + 16))\" text-anchor=\"middle\">\(tickLabel(value))</text>\n"
      }
      decade += 1
    }
    let step = (yHi - yLo) > 0.3 ? 0.1 : 0.05
    var tick = yLo
    while tick <= yHi + 1e-9 {
      let y = py(tick)
      s += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(right))\" y2=\"\(fmt(y))\" stroke=\"#eee\"/>\n"
      s += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(String(format: "%.2f", tick))</text>\n"
      tick += step
    }
    s += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(height - 12))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
    s += "<text transform=\"translate(\(fmt(x0 + 16)) \(fmt((top + bottom) / 2))) rotate(-90)\" "
      + "text-anchor=\"middle\">recall@10</text>\n"
    for p in points {
      let (x, y) = (px(p.milliseconds), py(p.recall))
      s += marker(kind, x, y, color)
      // Labels go right of the point, or left of it in the right third of the panel.
      let flip = x > left + (right - left) * 0.66
      s += "<text x=\"\(fmt(flip ? x - 7 : x + 7))\" y=\"\(fmt(y + 14))\" "
        + "text-anchor=\"\(flip ? "end" : "start")\">\(escape(p.label))</text>\n"
    }
    return s + "</g>\n"
  }

  private static func marker(_ kind: Int, _ x: Double, _ y: Double, _ color: String) -> String {
    if kind % 2 == 0 {
      return "<circle cx=\"\(fmt(x))\" cy=\"\(fmt(y))\" r=\"4\" fill=\"\(color)\"/>\n"
    }
    return "<rect x=\"\(fmt(x - 4))\" y=\"\(fmt(y - 4))\" width=\"8\" height=\"8\" fill=\"none\" "
      + "stroke=\"\(color)\" stroke-width=\"1.5\"/>\n"
  }

  private static func tickLabel(_ exponent: Double) -> String {
    let value = pow(10, exponent)
    return value >= 1 ? String(format: "%.0f", value) : String(format: "%g", value)
  }

  private static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

  private static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
