/// A plot area of an ``SVGDocument``: a rectangle with an x and a y ``ChartScale``, which
/// maps data points to pixels and draws the axes (outline, grid lines, tick labels, axis
/// labels and the panel's title).
///
///     var svg = SVGDocument(width: 400, height: 300)
///     svg.title("loss")
///     let frame = ChartFrame(
///       left: 60, top: 40, right: 380, bottom: 250,
///       x: 1...10, y: 0.23...0.33, niceY: true)
///     frame.drawAxes(into: &svg, xTicks: frame.x.ticks(integral: true), xLabel: "epoch")
///     svg.polyline([frame.point(1, 0.25), frame.point(10, 0.31)], stroke: ChartPalette.color(0))
///
/// - Complexity: O(ticks) to draw the axes.
public struct ChartFrame: Sendable {
  /// How the plot area is outlined.
  public enum Outline: Sendable, Equatable {
    /// A grey rectangle around the plot area.
    case box
    /// A black line along the bottom (bar charts).
    case baseline
    /// Nothing.
    case none
  }

  /// The plot area's edges in pixels.
  public let left: Double
  public let top: Double
  public let right: Double
  public let bottom: Double
  /// The horizontal scale (from `left` to `right`).
  public let x: ChartScale
  /// The vertical scale (from `bottom` up to `top`).
  public let y: ChartScale

  /// A plot area with the given edges; `x` and `y` are the data ranges, each linear or
  /// logarithmic, and widened to whole ticks when `niceX` / `niceY` (see
  /// ``ChartScale/niced(count:integral:)``).
  public init(
    left: Double, top: Double, right: Double, bottom: Double,
    x: ClosedRange<Double>, xKind: ChartScale.Kind = .linear, niceX: Bool = false,
    y: ClosedRange<Double>, yKind: ChartScale.Kind = .linear, niceY: Bool = false
  ) {
    (self.left, self.top, self.right, self.bottom) = (left, top, right, bottom)
    let xScale = ChartScale(domain: x, pixels: (left, right), kind: xKind)
    let yScale = ChartScale(domain: y, pixels: (bottom, top), kind: yKind)
    self.x = niceX ? xScale.niced() : xScale
    self.y = niceY ? yScale.niced() : yScale
  }

  /// The pixel position of the data point (x, y).
  public func point(_ x: Double, _ y: Double) -> (x: Double, y: Double) {
    (self.x(x), self.y(y))
  }

  /// Draws the axes: grid lines (light grey) at the y ticks and, when `xGrid`, at the x
  /// ticks; the outline; tick labels below and left of the plot area; `xLabel` under the
  /// x tick labels, `yLabel` turned up the left side, and `title` in bold above. `yTicks`
  /// defaults to ``ChartScale/ticks(count:integral:)`` of `y`.
  public func drawAxes(
    into svg: inout SVGDocument, xTicks: [ChartScale.Tick], yTicks: [ChartScale.Tick]? = nil,
    xLabel: String? = nil, yLabel: String? = nil, title: String? = nil,
    outline: Outline = .box, xGrid: Bool = false
  ) {
    let grid = "#e8e8e8"
    let yTicks = yTicks ?? y.ticks()
    for tick in yTicks {
      let py = y(tick.value)
      svg.line(x1: left, y1: py, x2: right, y2: py, stroke: grid)
      svg.text(tick.label, x: left - 5, y: py + 4, anchor: .end)
    }
    for tick in xTicks {
      let px = x(tick.value)
      if xGrid { svg.line(x1: px, y1: top, x2: px, y2: bottom, stroke: grid) }
      svg.text(tick.label, x: px, y: bottom + 15, anchor: .middle)
    }
    switch outline {
    case .box:
      svg.rect(x: left, y: top, width: right - left, height: bottom - top, stroke: "#999")
    case .baseline:
      svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: "black")
    case .none:
      break
    }
    if let xLabel {
      svg.text(xLabel, x: (left + right) / 2, y: bottom + 30, anchor: .middle, fill: "#555")
    }
    if let yLabel {
      svg.text(
        yLabel, x: left - 44, y: (top + bottom) / 2, anchor: .middle, fill: "#555",
        rotation: -90)
    }
    if let title {
      svg.text(title, x: (left + right) / 2, y: top - 8, anchor: .middle, bold: true)
    }
  }
}

extension SVGDocument {
  /// Draws the figure's title centred at the top (14 px, baseline at y = 20).
  public mutating func title(_ text: String) {
    self.text(text, x: width / 2, y: 20, anchor: .middle, fontSize: 14)
  }
}
