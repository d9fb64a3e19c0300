import Foundation

/// Where a text sits relative to its x coordinate (SVG's `text-anchor`).
public enum TextAnchor: String, Sendable {
  case start, middle, end
}

/// A self-contained SVG document built element by element: a white background, then every
/// drawn element in order. Coordinates are written with one decimal; every text and attribute
/// value is XML-escaped, so any label is safe.
///
///     var svg = SVGDocument(width: 200, height: 100)
///     svg.text("a < b", x: 100, y: 20, anchor: .middle, bold: true)
///     svg.line(x1: 10, y1: 50, x2: 190, y2: 50, stroke: "#999")
///     try svg.rendered.write(toFile: "figure.svg", atomically: true, encoding: .utf8)
///     // <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" ...>
///     // <rect width="100%" height="100%" fill="white"/>
///     // <text x="100.0" y="20.0" text-anchor="middle" font-weight="bold">a &lt; b</text> ...
///
/// - Complexity: O(1) amortized per element; ``rendered`` is O(document length).
public struct SVGDocument: Sendable {
  /// The document's size in pixels.
  public let width: Double
  public let height: Double
  /// The default font size of its texts.
  public let fontSize: Double
  private var body = ""

  /// An empty document (white background only) of `width × height` pixels.
  public init(width: Double, height: Double, fontSize: Double = 11) {
    self.width = width
    self.height = height
    self.fontSize = fontSize
  }

  /// The whole document: `<svg …>`, the background, the elements, `</svg>` and a newline.
  public var rendered: String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width.rounded()))\" "
      + "height=\"\(Int(height.rounded()))\" font-family=\"sans-serif\" "
      + "font-size=\"\(SVGDocument.number(fontSize, decimals: 0))\">\n"
      + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + body + "</svg>\n"
  }

  // MARK: - Elements

  /// Appends `<name attributes…>` with escaped attribute values and, when `content` is
  /// given, escaped text content; attributes whose value is nil are left out.
  ///
  ///     svg.element("circle", [("cx", "5.0"), ("cy", "5.0"), ("r", "2"), ("fill", nil)])
  public mutating func element(
    _ name: String, _ attributes: [(String, String?)], content: String? = nil
  ) {
    body += "<" + name
    for case (let key, let value?) in attributes {
      body += " \(key)=\"\(SVGDocument.escape(value))\""
    }
    if let content {
      body += ">" + SVGDocument.escape(content) + "</\(name)>\n"
    } else {
      body += "/>\n"
    }
  }

  /// Draws `content` at (x, y) (the baseline), optionally bold, coloured, sized or rotated
  /// by `rotation` degrees around (x, y).
  public mutating func text(
    _ content: String, x: Double, y: Double, anchor: TextAnchor = .start,
    fontSize: Double? = nil, bold: Bool = false, fill: String? = nil, rotation: Double? = nil
  ) {
    let n = SVGDocument.coordinate
    element(
      "text",
      [
        ("x", n(x)), ("y", n(y)), ("text-anchor", anchor == .start ? nil : anchor.rawValue),
        ("font-size", fontSize.map { SVGDocument.number($0, decimals: 0) }),
        ("font-weight", bold ? "bold" : nil), ("fill", fill),
        ("transform", rotation.map { "rotate(\(n($0)) \(n(x)) \(n(y)))" }),
      ], content: content)
  }

  /// Draws a straight line; `dash` is an SVG dash array such as `"5,3"`.
  public mutating func line(
    x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double? = nil,
    dash: String? = nil
  ) {
    let n = SVGDocument.coordinate
    element(
      "line",
      [
        ("x1", n(x1)), ("y1", n(y1)), ("x2", n(x2)), ("y2", n(y2)), ("stroke", stroke),
        ("stroke-width", width.map { n($0) }), ("stroke-dasharray", dash),
      ])
  }

  /// Draws a rectangle, filled and/or outlined.
  public mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String = "none",
    stroke: String? = nil, strokeWidth: Double? = nil
  ) {
    let n = SVGDocument.coordinate
    element(
      "rect",
      [
        ("x", n(x)), ("y", n(y)), ("width", n(width)), ("height", n(height)), ("fill", fill),
        ("stroke", stroke), ("stroke-width", strokeWidth.map { n($0) }),
      ])
  }

  /// Draws a filled circle.
  public mutating func circle(cx: Double, cy: Double, r: Double, fill: String) {
    let n = SVGDocument.coordinate
    element("circle", [("cx", n(cx)), ("cy", n(cy)), ("r", n(r)), ("fill", fill)])
  }

  /// Draws an open line through `points` (nothing for no points).
  public mutating func polyline(
    _ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, dash: String? = nil
  ) {
    guard !points.isEmpty else { return }
    let n = SVGDocument.coordinate
    element(
      "polyline",
      [
        ("fill", "none"), ("stroke", stroke), ("stroke-width", n(width)),
        ("stroke-dasharray", dash),
        ("points", points.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")),
      ])
  }

  /// Wraps what `draw` adds in a `<g>` group (one per panel, say).
  public mutating func group(_ draw: (inout SVGDocument) -> Void) {
    body += "<g>\n"
    draw(&self)
    body += "</g>\n"
  }

  // MARK: - Text helpers

  /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities: safe both as element
  /// content and inside a double- or single-quoted attribute.
  ///
  ///     SVGDocument.escape("a<b & \"c\"")  // a&lt;b &amp; &quot;c&quot;
  public static func escape(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.utf8.count)
    for c in text {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&apos;"
      default: out.append(c)
      }
    }
    return out
  }

  /// `value` with a fixed number of decimals (one by default: SVG coordinates).
  ///
  ///     SVGDocument.number(3.14159)              // "3.1"
  ///     SVGDocument.number(0.25, decimals: 3)   // "0.250"
  public static func number(_ value: Double, decimals: Int = 1) -> String {
    String(format: "%.\(max(0, decimals))f", value)
  }

  private static func coordinate(_ value: Double) -> String { number(value) }
}
