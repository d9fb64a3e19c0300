import Foundation
import ReelCharts

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
    var svg = SVGDocument(width: panelWidth * Double(series.count), height: height)
    svg.title(title)
    for (i, name) in series.enumerated() {
      let members = finite.filter { $0.series == name }
      // A little room left of the fastest and right of the slowest point; one decade at least.
      let xs = members.map { log10($0.milliseconds) }
      let xLo = (xs.min() ?? -1) - 0.15
      let xHi = max((xs.max() ?? 1) + 0.25, xLo + 1)
      let x0 = Double(i) * panelWidth
      let frame = ChartFrame(
        left: x0 + 60, top: 50, right: x0 + panelWidth - 16, bottom: height - 48,
        x: pow(10, xLo)...pow(10, xHi), xKind: .logarithmic, y: yLo...1)
      let (marker, color): (ChartSwatch, String) =
        (i % 2 == 0 ? .dot : .square, ChartPalette.color(i))
      svg.group { svg in
        frame.drawAxes(
          into: &svg, xTicks: frame.x.ticks(), yTicks: frame.y.ticks(count: 4), xLabel: xLabel,
          yLabel: "recall@10", title: name, xGrid: true)
        let positions = members.map { frame.point($0.milliseconds, $0.recall) }
        for position in positions {
          svg.marker(marker, x: position.x, y: position.y, color: color)
        }
        // Labels beside their points, clear of the other points and labels.
        var placer = LabelPlacer(frame: frame, points: positions)
        for (p, position) in zip(members, positions) {
          let spot = placer.place(p.label, at: position)
          svg.text(p.label, x: spot.x, y: spot.y, anchor: spot.anchor)
        }
      }
    }
    return svg.rendered
  }
}
