import XCTest

@testable import ReelCharts

final class LabelPlacerTests: XCTestCase {
  let frame = ChartFrame(left: 0, top: 0, right: 300, bottom: 200, x: 0...300, y: 0...200)

  func testLabelsGoRightAndBelowWhenFree() {
    var placer = LabelPlacer(frame: frame, points: [(50, 50)])
    let spot = placer.place("abc", at: (50, 50))
    XCTAssertEqual(spot.x, 57)
    XCTAssertEqual(spot.y, 64)
    XCTAssertEqual(spot.anchor, .start)
  }

  func testCrowdedLabelsOverlapNeitherEachOtherNorThePoints() {
    let points: [(x: Double, y: Double)] = [(100, 100), (104, 110), (110, 105), (96, 98)]
    let labels = ["scann2", "scann3", "scann", "brute force"]
    var placer = LabelPlacer(frame: frame, points: points)
    var boxes: [(Double, Double, Double, Double)] = []
    for (label, point) in zip(labels, points) {
      let spot = placer.place(label, at: point)
      let width = 6.6 * Double(label.count)
      let left =
        spot.anchor == .start ? spot.x : spot.anchor == .end ? spot.x - width : spot.x - width / 2
      boxes.append((left, spot.y - 11, left + width, spot.y + 3))
    }
    func overlap(_ a: (Double, Double, Double, Double), _ b: (Double, Double, Double, Double))
      -> Bool
    { a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3 }
    for (i, a) in boxes.enumerated() {
      for b in boxes[(i + 1)...] { XCTAssertFalse(overlap(a, b), "\(a) \(b)") }
      for p in points { XCTAssertFalse(overlap(a, (p.x - 4, p.y - 4, p.x + 4, p.y + 4))) }
      XCTAssertTrue(a.0 >= 0 && a.1 >= 0 && a.2 <= 300 && a.3 <= 200)
    }
  }

  func testRightThirdPrefersTheLeftAndStaysInside() {
    var placer = LabelPlacer(frame: frame, points: [(290, 100)])
    let spot = placer.place("brute force", at: (290, 100))
    XCTAssertEqual(spot.anchor, .end)
    XCTAssertEqual(spot.x, 283)
    // At the bottom edge the label goes above the point.
    var bottom = LabelPlacer(frame: frame, points: [(50, 195)])
    XCTAssertEqual(bottom.place("x", at: (50, 195)).y, 188)
  }

  func testFallsBackToTheLeastOverlapWhenNothingIsFree() {
    // A label wider than the plot area: no spot fits; the first (right and below) is taken.
    let tiny = ChartFrame(left: 0, top: 0, right: 10, bottom: 10, x: 0...1, y: 0...1)
    var placer = LabelPlacer(frame: tiny, points: [(5, 5)])
    let spot = placer.place("a long label", at: (5, 5))
    XCTAssertEqual(spot.x, 12)
    XCTAssertEqual(spot.anchor, .start)
  }
}
