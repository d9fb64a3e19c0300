import Foundation

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
    var out = """
      <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(w) * columns)" height="\(Int(h) * rows)" \
      font-family="sans-serif" font-size="11">
      <rect width="100%" height="100%" fill="white"/>

      """
    for (i, base) in panels.enumerated() {
      let x0 = Double(i % columns) * w
      let y0 = Double(i / columns) * h
      out += panel(
        title: base, train: history[base], validation: history["val_" + base],
        epochs: history.epochs.map(\.epoch), frame: (x0, y0, w, h))
    }
    return out + "</svg>\n"
  }

  private static func panel(
    title: String, train: [Double?], validation: [Double?], epochs: [Int],
    frame: (x: Double, y: Double, w: Double, h: Double)
  ) -> String {
    let (left, right, top, bottom) = (
      frame.x + 56, frame.x + frame.w - 12, frame.y + 24, frame.y + frame.h - 30
    )
    let values = (train + validation).compactMap { $0 }.filter(\.isFinite)
    var lo = values.min() ?? 0
    var hi = values.max() ?? 1
    if hi - lo < 1e-12 { (lo, hi) = (lo - 0.5, hi + 0.5) }
    let firstEpoch = Double(epochs.first ?? 0)
    let span = Double(max((epochs.last ?? 0) - (epochs.first ?? 0), 1))
    func px(_ e: Int) -> Double { left + (Double(e) - firstEpoch) / span * (right - left) }
    func py(_ v: Double) -> Double { bottom - (v - lo) / (hi - lo) * (bottom - top) }
    var s = "<g>\n"
    s +=
      "<text x=\"\(f(frame.x + frame.w / 2))\" y=\"\(f(frame.y + 15))\" text-anchor=\"middle\" "
      + "font-weight=\"bold\">\(escape(title))</text>\n"
    s +=
      "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" "
      + "height=\"\(f(bottom - top))\" fill=\"none\" stroke=\"#999\"/>\n"
    for (v, y) in [(hi, top), (lo, bottom)] {
      s += "<text x=\"\(f(left - 4))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(label(v))</text>\n"
    }
    for e in Set([epochs.first, epochs.last].compactMap { $0 }).sorted() {
      s +=
        "<text x=\"\(f(px(e)))\" y=\"\(f(bottom + 14))\" text-anchor=\"middle\">\(e + 1)</text>\n"
    }
    s +=
      "<text x=\"\(f((left + right) / 2))\" y=\"\(f(bottom + 26))\" text-anchor=\"middle\" "
      + "fill=\"#555\">epoch</text>\n"
    for (series, style) in [
      (train, "stroke=\"#1f77b4\""), (validation, "stroke=\"#ff7f0e\" stroke-dasharray=\"5,3\""),
    ] {
      let points = zip(epochs, series).compactMap { e, v in
        v.flatMap { $0.isFinite ? "\(f(px(e))),\(f(py($0)))" : nil }
      }
      guard !points.isEmpty else { continue }
      s +=
        "<polyline fill=\"none\" stroke-width=\"2\" \(style) points=\"\(points.joined(separator: " "))\"/>\n"
      for p in points {
        let xy = p.split(separator: ",")
        s += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"#333\"/>\n"
      }
    }
    return s + "</g>\n"
  }

  private static func f(_ v: Double) -> String { String(format: "%.1f", v) }

  private static func label(_ v: Double) -> String {
    abs(v) >= 1e5 || (abs(v) < 1e-3 && v != 0)
      ? String(format: "%.2e", v) : String(format: "%.4g", v)
  }

  static func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
