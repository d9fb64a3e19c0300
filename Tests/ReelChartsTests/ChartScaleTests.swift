import XCTest

@testable import ReelCharts

final class ChartScaleTests: XCTestCase {
  func testLinearMapsTheDomainOntoThePixelsEitherWay() {
    let x = ChartScale(domain: 2...6, pixels: (10, 110))
    XCTAssertEqual(x(2), 10)
    XCTAssertEqual(x(6), 110)
    XCTAssertEqual(x(3), 35)
    XCTAssertEqual(x(8), 160)  // outside the domain, outside the pixels
    let y = ChartScale(domain: 0...1, pixels: (300, 100))  // bottom to top
    XCTAssertEqual(y(0), 300)
    XCTAssertEqual(y(0.25), 250)
    XCTAssertEqual(y(1), 100)
    XCTAssertEqual(ChartScale(domain: 5...5, pixels: (0, 40))(7), 20)  // empty: the middle
  }

  func testLogarithmicMapsDecadesToEqualDistances() {
    let x = ChartScale(domain: 1...1000, pixels: (0, 300), kind: .logarithmic)
    XCTAssertEqual(x(1), 0, accuracy: 1e-9)
    XCTAssertEqual(x(10), 100, accuracy: 1e-9)
    XCTAssertEqual(x(100), 200, accuracy: 1e-9)
    XCTAssertEqual(x(1000), 300, accuracy: 1e-9)
    XCTAssertEqual(x(2), 300 * log10(2) / 3, accuracy: 1e-9)
    // A non-positive bound cannot be drawn on a log axis; it becomes the smallest double.
    XCTAssertGreaterThan(
      ChartScale(domain: 0...10, pixels: (0, 1), kind: .logarithmic).domain.lowerBound, 0)
  }

  func testNiceStepIsOneTwoOrFiveTimesAPowerOfTen() {
    XCTAssertEqual(ChartScale.niceStep(span: 0.1, count: 5), 0.02, accuracy: 1e-15)
    XCTAssertEqual(ChartScale.niceStep(span: 3.7, count: 5), 1)
    XCTAssertEqual(ChartScale.niceStep(span: 0.37, count: 5), 0.1, accuracy: 1e-15)
    XCTAssertEqual(ChartScale.niceStep(span: 0.15, count: 4), 0.05, accuracy: 1e-15)
    XCTAssertEqual(ChartScale.niceStep(span: 1, count: 4), 0.2, accuracy: 1e-15)
    XCTAssertEqual(ChartScale.niceStep(span: 9, count: 9), 1)
    XCTAssertEqual(ChartScale.niceStep(span: 70, count: 1), 50)
    XCTAssertEqual(ChartScale.niceStep(span: 80, count: 1), 100)
    XCTAssertEqual(ChartScale.niceStep(span: 0, count: 5), 0)
    XCTAssertEqual(ChartScale.niceStep(span: .infinity, count: 5), 0)
  }

  func testNicedDomainEndsOnTicks() {
    // The grouped bar charts' y axes: 0 up to the largest value rounded up to a tick.
    XCTAssertEqual(ChartScale(domain: 0...3.7, pixels: (1, 0)).niced().domain.upperBound, 4)
    XCTAssertEqual(
      ChartScale(domain: 0...0.37, pixels: (1, 0)).niced().domain.upperBound, 0.4, accuracy: 1e-12)
    let y = ChartScale(domain: 0.2313...0.3337, pixels: (300, 30)).niced()
    XCTAssertEqual(y.domain.lowerBound, 0.22, accuracy: 1e-12)
    XCTAssertEqual(y.domain.upperBound, 0.34, accuracy: 1e-12)
    XCTAssertEqual(y.ticks().first?.value ?? 0, y.domain.lowerBound, accuracy: 1e-12)
    XCTAssertEqual(y.ticks().last?.value ?? 0, y.domain.upperBound, accuracy: 1e-12)
    XCTAssertEqual(ChartScale(domain: 3...3, pixels: (0, 1)).niced().domain, 2.5...3.5)
    let log = ChartScale(domain: 2...2, pixels: (0, 1), kind: .logarithmic).niced()
    XCTAssertEqual(log.domain, 0.2...20)
  }

  func testLinearTicksAndTheirLabels() {
    let y = ChartScale(domain: 0.85...1, pixels: (300, 50))
    XCTAssertEqual(y.ticks(count: 4).map(\.label), ["0.85", "0.90", "0.95", "1.00"])
    let z = ChartScale(domain: -1...1, pixels: (0, 1))
    XCTAssertEqual(z.ticks(count: 4).map(\.label), ["-1.0", "-0.5", "0.0", "0.5", "1.0"])
    let big = ChartScale(domain: 0...250, pixels: (0, 1))
    XCTAssertEqual(big.ticks(count: 5).map(\.label), ["0", "50", "100", "150", "200", "250"])
    // Epochs: whole numbers only, even when the nice step would be fractional.
    let epochs = ChartScale(domain: 1...3, pixels: (0, 1))
    XCTAssertEqual(epochs.ticks(count: 6).map(\.label), ["1.0", "1.5", "2.0", "2.5", "3.0"])
    XCTAssertEqual(epochs.ticks(count: 6, integral: true).map(\.label), ["1", "2", "3"])
    let ten = ChartScale(domain: 1...10, pixels: (0, 1))
    XCTAssertEqual(ten.ticks(count: 8, integral: true).map(\.value), Array(1...10).map(Double.init))
    XCTAssertEqual(ChartScale(domain: 2...2, pixels: (0, 1)).ticks().map(\.label), ["2"])
    // Labels longer than 8 characters switch to exponent notation.
    let million = ChartScale(domain: 0...2.6e6, pixels: (0, 1))
    XCTAssertEqual(
      million.ticks().map(\.label), ["0", "500000", "1000000", "1500000", "2000000", "2500000"])
    let huge = ChartScale(domain: 0...2.6e8, pixels: (0, 1))
    XCTAssertEqual(
      huge.ticks().map(\.label), ["0", "5.0e+07", "1.0e+08", "1.5e+08", "2.0e+08", "2.5e+08"])
    let tiny = ChartScale(domain: 1...1.0001, pixels: (0, 1))
    XCTAssertEqual(tiny.ticks(count: 2).map(\.label), ["1.00000", "1.00005", "1.00010"])
    let tinier = ChartScale(domain: 0...1e-6, pixels: (0, 1))
    XCTAssertEqual(tinier.ticks(count: 2).map(\.label), ["0", "5.0e-07", "1.0e-06"])
  }

  func testLogarithmicTicksAreOneTwoFiveOrDecades() {
    let x = ChartScale(domain: 1.3...140, pixels: (0, 1), kind: .logarithmic)
    XCTAssertEqual(x.ticks().map(\.label), ["2", "5", "10", "20", "50", "100"])
    XCTAssertEqual(x.ticks().map(\.value)[3], 20, accuracy: 1e-9)
    let small = ChartScale(domain: 0.01...0.3, pixels: (0, 1), kind: .logarithmic)
    XCTAssertEqual(small.ticks().map(\.label), ["0.01", "0.02", "0.05", "0.1", "0.2"])
    let wide = ChartScale(domain: 1...1e8, pixels: (0, 1), kind: .logarithmic)
    XCTAssertEqual(wide.ticks(count: 5).count, 9)  // powers of ten only
  }
}
