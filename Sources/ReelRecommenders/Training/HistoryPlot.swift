import Foundation
import ReelCharts

/// A self-contained SVG of a ``History``: one panel per value (training series solid blue,
/// its `val_` counterpart dashed orange), epochs on the x axis, the value range on the y axis.
///
///     try HistoryPlot.svg(history).write(to: url, atomically: true, encoding: .utf8)
public enum HistoryPlot {
  /// The SVG text. `names` picks the panels (training names; their `val_` series join them
  /// automatically); by default every name, `regularization_loss` only when non-zero.
  ///
  /// - Complexity: O(panels × epochs).
  public static func svg(_ history: History, names: [String]? = nil) -> String {
    let all = history.names
    let panels =
      names
      ?? {
        var bases: [String] = []
        for name in all {
          let base = name.hasPrefix("val_") ? String(name.dropFirst(4)) : name
          if bases.contains(base) { continue }
          let series = history[base].compactMap { $0 } + history["val_" + base].compactMap { $0 }
          if base == "regularization_loss", series.allSatisfy({ $0 == 0 }) { continue }
          bases.append(base)
        }
        return bases
      }()
    let (w, h, columns) = (360.0, 220.0, 2)
    let rows = max(1, (panels.count + columns - 1) / columns)
    var svg = SVGDocument(width: w * Double(columns), height: h * Double(rows))
    let epochs = history.epochs.map { Double($0.epoch + 1) }
    for (i, base) in panels.enumerated() {
      let (x0, y0) = (Double(i % columns) * w, Double(i / columns) * h)
      let (train, validation) = (history[base], history["val_" + base])
      let values = (train + validation).compactMap { $0 }.filter(\.isFinite)
      let frame = ChartFrame(
        left: x0 + 56, top: y0 + 24, right: x0 + w - 12, bottom: y0 + h - 34,
        x: (epochs.first ?? 1)...max(epochs.last ?? 1, (epochs.first ?? 1) + 1),
        y: (values.min() ?? 0)...(values.max() ?? 1), niceY: true)
      let epochTicks = frame.x.ticks(count: 6, integral: true).filter {
        $0.value <= (epochs.last ?? 1)
      }
      svg.group { svg in
        frame.drawAxes(into: &svg, xTicks: epochTicks, xLabel: "epoch", title: base)
        for (series, color, dash): ([Double?], String, String?) in [
          (train, ChartPalette.color(0), nil), (validation, ChartPalette.color(1), "5,3"),
        ] {
          let points = zip(epochs, series).compactMap { e, v in
            v.flatMap { $0.isFinite ? frame.point(e, $0) : nil }
          }
          svg.polyline(points, stroke: color, dash: dash)
          for p in points { svg.circle(cx: p.x, cy: p.y, r: 2.5, fill: "#333") }
        }
      }
    }
    return svg.rendered
  }
}
