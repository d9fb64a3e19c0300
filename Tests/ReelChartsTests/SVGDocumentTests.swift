import Foundation
import XCTest

@testable import ReelCharts

#if canImport(FoundationXML)
  import FoundationXML
#endif

final class SVGDocumentTests: XCTestCase {
  func testEscapesMarkupCharacters() {
    XCTAssertEqual(
      SVGDocument.escape("a<b & \"c\" > 'd'"), "a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;")
    XCTAssertEqual(SVGDocument.escape("&amp;"), "&amp;amp;")  // escaped once, not interpreted
    XCTAssertEqual(SVGDocument.escape("‖W‖ é"), "‖W‖ é")
  }

  func testNumbersHaveFixedDecimals() {
    XCTAssertEqual(SVGDocument.number(3.14159), "3.1")
    XCTAssertEqual(SVGDocument.number(0.25, decimals: 3), "0.250")
    XCTAssertEqual(SVGDocument.number(2.5, decimals: 0), "2")  // round half to even
  }

  func testElementsAndAttributes() {
    var svg = SVGDocument(width: 200, height: 100)
    svg.text(
      "t", x: 1, y: 2, anchor: .middle, fontSize: 14, bold: true, fill: "#555", rotation: -90)
    svg.line(x1: 0, y1: 1, x2: 2, y2: 3, stroke: "#999", dash: "5,3")
    svg.polyline([], stroke: "red")  // nothing
    svg.polyline([(0, 0), (1.25, 2)], stroke: "red")
    svg.group { $0.circle(cx: 1, cy: 2, r: 3, fill: "blue") }
    XCTAssertEqual(
      svg.rendered,
      """
      <svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" \
      font-family="sans-serif" font-size="11">
      <rect width="100%" height="100%" fill="white"/>
      <text x="1.0" y="2.0" text-anchor="middle" font-size="14" font-weight="bold" fill="#555" \
      transform="rotate(-90.0 1.0 2.0)">t</text>
      <line x1="0.0" y1="1.0" x2="2.0" y2="3.0" stroke="#999" stroke-dasharray="5,3"/>
      <polyline fill="none" stroke="red" stroke-width="2.0" points="0.0,0.0 1.2,2.0"/>
      <g>
      <circle cx="1.0" cy="2.0" r="3.0" fill="blue"/>
      </g>
      </svg>

      """)
  }

  func testAChartWithHostileLabelsIsWellFormedXML() throws {
    let hostile = "<&\"'>]]>"
    var svg = SVGDocument(width: 400, height: 300)
    svg.title("title " + hostile)
    let frame = ChartFrame(
      left: 60, top: 40, right: 300, bottom: 250, x: 1...100, xKind: .logarithmic,
      y: 0.23...0.33, niceY: true)
    frame.drawAxes(
      into: &svg, xTicks: frame.x.ticks() + [.init(value: 3, label: hostile)], xLabel: hostile,
      yLabel: hostile, title: hostile, xGrid: true)
    svg.polyline([frame.point(1, 0.25), frame.point(100, 0.31)], stroke: ChartPalette.color(0))
    svg.legend(
      [
        (hostile, ChartPalette.color(0), .line(dash: "5,3")), ("b", ChartPalette.color(1), .box),
        ("c", "#000", .dot), ("d", "#000", .square),
      ],
      x: 310, y: 40)
    svg.element(
      "rect", [("x", "0"), ("y", "0"), ("width", "1"), ("height", "1"), ("data-x", hostile)])
    let text = svg.rendered

    let collector = TextCollector()
    let parser = XMLParser(data: Data(text.utf8))
    parser.delegate = collector
    XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
    XCTAssertEqual(collector.root, "svg")
    // Every hostile label comes back intact: 1 title, tick, x label, y label, panel title, legend.
    XCTAssertEqual(collector.texts.filter { $0.hasSuffix(hostile) }.count, 6, "\(collector.texts)")
    XCTAssertTrue(collector.texts.contains("title " + hostile))
    XCTAssertEqual(collector.attributes.filter { $0 == hostile }.count, 1)
    // The y axis was widened to whole ticks: 0.22 ... 0.34 every 0.02.
    XCTAssertTrue(collector.texts.contains("0.22") && collector.texts.contains("0.34"))
    XCTAssertTrue(collector.texts.contains("10") && collector.texts.contains("50"))
  }

  func testPaletteRepeats() {
    XCTAssertEqual(ChartPalette.color(0), "#1f77b4")
    XCTAssertEqual(ChartPalette.color(11), ChartPalette.color(1))
    XCTAssertEqual(ChartPalette.color(-1), ChartPalette.color(9))
  }
}

/// Collects the root element's name, every text node and every attribute value.
private final class TextCollector: NSObject, XMLParserDelegate {
  var root: String?
  var texts: [String] = []
  var attributes: [String] = []
  private var current = ""

  func parser(
    _ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
    qualifiedName: String?, attributes: [String: String] = [:]
  ) {
    if root == nil { root = name }
    self.attributes += attributes.values
    current = ""
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) { current += string }

  func parser(
    _ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?
  ) {
    if name == "text" { texts.append(current) }
    current = ""
  }
}
