/// Places point labels of a scatter plot so that they overlap neither each other nor the
/// points: each label goes beside its point, at the first free one of eight spots (right
/// and below, above or level; the same on the left, which comes first in the right third of
/// the plot area; centred below or above), or, when none is free, where it overlaps least.
///
/// Text widths are estimated (0.6 em per character), which suits short labels in a
/// sans-serif font.
///
///     var placer = LabelPlacer(frame: frame, points: points.map { frame.point($0.x, $0.y) })
///     for p in points {
///       let spot = placer.place(p.label, at: frame.point(p.x, p.y))
///       svg.text(p.label, x: spot.x, y: spot.y, anchor: spot.anchor)
///     }
///
/// - Complexity: O(labels) per placed label.
public struct LabelPlacer: Sendable {
  private struct Box: Sendable {
    var left, top, right, bottom: Double

    /// The area shared with `other` (0 when apart).
    func overlap(_ other: Box) -> Double {
      max(0, min(right, other.right) - max(left, other.left))
        * max(0, min(bottom, other.bottom) - max(top, other.top))
    }
  }

  private let area: Box
  private let fontSize: Double
  private var taken: [Box]

  /// A placer for labels inside `frame`'s plot area that keep clear of markers of radius
  /// `markerRadius` at `points` (pixel positions).
  public init(
    frame: ChartFrame, points: [(x: Double, y: Double)], markerRadius: Double = 4,
    fontSize: Double = 11
  ) {
    area = Box(left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom)
    self.fontSize = fontSize
    taken = points.map {
      Box(
        left: $0.x - markerRadius, top: $0.y - markerRadius, right: $0.x + markerRadius,
        bottom: $0.y + markerRadius)
    }
  }

  /// Where to draw `label` for the point at `point` (pixels): the baseline position and
  /// anchor for ``SVGDocument/text(_:x:y:anchor:fontSize:bold:fill:rotation:)``.
  public mutating func place(_ label: String, at point: (x: Double, y: Double)) -> (
    x: Double, y: Double, anchor: TextAnchor
  ) {
    let width = 0.6 * fontSize * Double(label.count)
    let (below, above, level) = (point.y + fontSize + 3, point.y - 7, point.y + 4)
    let rightFirst = point.x <= area.left + (area.right - area.left) * 0.66
    let right: [(Double, Double, TextAnchor)] = [
      (point.x + 7, below, .start), (point.x + 7, above, .start), (point.x + 7, level, .start),
    ]
    let left: [(Double, Double, TextAnchor)] = [
      (point.x - 7, below, .end), (point.x - 7, above, .end), (point.x - 7, level, .end),
    ]
    let centred: [(Double, Double, TextAnchor)] = [
      (point.x, below + 2, .middle), (point.x, above - 2, .middle),
    ]
    let spots = (rightFirst ? right + left : left + right) + centred
    func box(_ spot: (Double, Double, TextAnchor)) -> Box {
      let x0 = spot.2 == .start ? spot.0 : spot.2 == .end ? spot.0 - width : spot.0 - width / 2
      return Box(left: x0, top: spot.1 - fontSize, right: x0 + width, bottom: spot.1 + 3)
    }
    // The first spot inside the plot area that is free; failing that, the one overlapping
    // the least area of others (inside the area if possible).
    func cost(_ spot: (Double, Double, TextAnchor)) -> Double {
      let b = box(spot)
      let inside =
        b.left >= area.left && b.right <= area.right && b.top >= area.top
        && b.bottom <= area.bottom
      return (inside ? 0 : 1e9) + taken.reduce(0) { $0 + b.overlap($1) }
    }
    let chosen = spots.first { cost($0) == 0 } ?? spots.min { cost($0) < cost($1) }!
    taken.append(box(chosen))
    return (chosen.0, chosen.1, chosen.2)
  }

}
