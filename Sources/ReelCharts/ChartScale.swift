import Foundation

/// A map from data values to pixels along one axis, linear or base-10 logarithmic, with the
/// axis's "nice" ticks (1, 2 or 5 × 10ⁿ apart).
///
/// `pixels` may run backwards: a y axis maps its lowest value to the bottom of the plot.
///
///     let y = ChartScale(domain: 0.23...0.33, pixels: (300, 30)).niced()
///     y.domain                        // 0.22...0.34
///     y(0.28)                         // 165.0 (the middle)
///     y.ticks().map(\.label)          // ["0.22", "0.24", "0.26", "0.28", "0.30", "0.32", "0.34"]
///     let x = ChartScale(domain: 1...100, pixels: (0, 200), kind: .logarithmic)
///     x(10)                           // 100.0
///     x.ticks().map(\.label)          // ["1", "2", "5", "10", "20", "50", "100"]
///
/// - Complexity: O(1) per mapped value; ``ticks(count:integral:)`` is O(ticks).
public struct ChartScale: Sendable, Equatable {
  /// How values are spaced along the axis.
  public enum Kind: Sendable, Equatable {
    /// Equal differences, equal distances.
    case linear
    /// Equal ratios, equal distances (base 10); the domain must be positive.
    case logarithmic
  }

  /// One tick: its data value and its label.
  public struct Tick: Sendable, Equatable {
    public var value: Double
    public var label: String

    public init(value: Double, label: String) {
      self.value = value
      self.label = label
    }
  }

  /// The data range drawn (for a logarithmic scale, positive).
  public var domain: ClosedRange<Double>
  /// The pixel coordinates of `domain.lowerBound` and `domain.upperBound`.
  public var start: Double
  public var end: Double
  public var kind: Kind

  /// A scale drawing `domain` from pixel `pixels.start` to `pixels.end`. A logarithmic
  /// domain must be positive (non-positive bounds are replaced by the smallest positive
  /// double); an empty domain (one value) maps everything to the middle.
  public init(
    domain: ClosedRange<Double>, pixels: (start: Double, end: Double), kind: Kind = .linear
  ) {
    let minimum = Double.leastNormalMagnitude
    self.domain =
      kind == .logarithmic
      ? max(domain.lowerBound, minimum)...max(domain.upperBound, minimum) : domain
    self.start = pixels.start
    self.end = pixels.end
    self.kind = kind
  }

  /// The pixel coordinate of `value` (values outside the domain map outside the pixels).
  public func callAsFunction(_ value: Double) -> Double {
    let (a, b, v) = (transform(domain.lowerBound), transform(domain.upperBound), transform(value))
    guard b > a else { return (start + end) / 2 }
    return start + (v - a) / (b - a) * (end - start)
  }

  private func transform(_ value: Double) -> Double {
    kind == .linear ? value : log10(value)
  }

  // MARK: - Ticks

  /// The distance between ticks of a linear axis: 1, 2 or 5 × 10ⁿ, whichever gives about
  /// `count` intervals over `span` (0 for an empty or non-finite span).
  ///
  ///     ChartScale.niceStep(span: 0.1, count: 5)   // 0.02
  ///     ChartScale.niceStep(span: 3.7, count: 5)   // 1.0
  public static func niceStep(span: Double, count: Int) -> Double {
    guard span > 0, span.isFinite, count > 0 else { return 0 }
    let raw = span / Double(count)
    let power = pow(10, floor(log10(raw)))
    let error = raw / power
    let factor =
      error >= 50.squareRoot()
      ? 10.0 : error >= 10.squareRoot() ? 5 : error >= 2.squareRoot() ? 2 : 1
    return factor * power
  }

  /// This scale with a linear domain widened to whole ticks (both ends land on a tick of
  /// ``ticks(count:integral:)``), or, for an empty domain, widened by 0.5 each way (by a
  /// factor of 10 for a logarithmic one). A logarithmic non-empty domain is returned as is.
  public func niced(count: Int = 5, integral: Bool = false) -> ChartScale {
    var copy = self
    let (lo, hi) = (domain.lowerBound, domain.upperBound)
    guard hi > lo else {
      copy.domain = kind == .linear ? (lo - 0.5)...(hi + 0.5) : (lo / 10)...(hi * 10)
      return copy
    }
    guard kind == .linear else { return self }
    // Widening can change the step; a few rounds settle it (d3's `nice` does the same).
    for _ in 0..<3 {
      let step = copy.tickStep(count: count, integral: integral)
      guard step > 0 else { break }
      let (a, b) = (copy.domain.lowerBound, copy.domain.upperBound)
      let widened = (floor(a / step + 1e-9) * step)...(ceil(b / step - 1e-9) * step)
      if widened == copy.domain { break }
      copy.domain = widened
    }
    return copy
  }

  /// The axis's ticks inside the domain, lowest first. Linear: multiples of
  /// ``niceStep(span:count:)`` (at least 1 apart when `integral`), labelled with as many
  /// decimals as the step needs. Logarithmic: 1, 2 and 5 × 10ⁿ, or only the powers of ten
  /// when the domain spans more than `count` decades.
  public func ticks(count: Int = 5, integral: Bool = false) -> [Tick] {
    let (lo, hi) = (domain.lowerBound, domain.upperBound)
    guard lo.isFinite, hi.isFinite else { return [] }
    if kind == .logarithmic { return logarithmicTicks(count: count) }
    let step = tickStep(count: count, integral: integral)
    guard step > 0 else { return [Tick(value: lo, label: Self.label(lo, step: 0))] }
    let first = ceil(lo / step - 1e-9)
    let last = floor(hi / step + 1e-9)
    guard last - first < 10_000 else { return [] }
    let magnitude = max(abs(first), abs(last)) * step
    return stride(from: first, through: last, by: 1).map {
      let value = $0 * step
      return Tick(value: value, label: Self.label(value, step: step, magnitude: magnitude))
    }
  }

  private func tickStep(count: Int, integral: Bool) -> Double {
    let step = Self.niceStep(span: domain.upperBound - domain.lowerBound, count: count)
    return integral ? max(step.rounded(), 1) : step
  }

  private func logarithmicTicks(count: Int) -> [Tick] {
    let (lo, hi) = (log10(domain.lowerBound), log10(domain.upperBound))
    let factors: [Double] = hi - lo > Double(count) ? [1] : [1, 2, 5]
    var ticks: [Tick] = []
    var decade = floor(lo)
    while decade <= hi, ticks.count < 1_000 {
      for factor in factors {
        let exponent = decade + log10(factor)
        guard exponent >= lo - 1e-9, exponent <= hi + 1e-9 else { continue }
        let value = factor * pow(10, decade)
        let label = value >= 1 ? String(format: "%.0f", value) : String(format: "%g", value)
        ticks.append(Tick(value: value, label: label))
      }
      decade += 1
    }
    return ticks
  }

  /// `value` with the decimals a tick `step` apart needs (0.05 → 2, 20 → 0), or, when that
  /// would take more than 8 characters for the axis's largest value `magnitude`, in exponent
  /// notation with the digits the step needs (2.5e+07); 4 significant digits for a zero
  /// step. -0 prints as 0.
  static func label(_ value: Double, step: Double, magnitude: Double = 0) -> String {
    let v = abs(value) < 1e-12 * max(abs(step), 1e-300) ? 0 : value
    guard step > 0 else { return String(format: "%.4g", v) }
    let stepPower = Int(floor(log10(step) + 1e-9))
    let largest = max(abs(v), magnitude)
    let magnitudePower = largest > 0 ? Int(floor(log10(largest) + 1e-9)) : 0
    let decimals = max(0, -stepPower)
    let length = max(1, magnitudePower + 1) + (decimals > 0 ? decimals + 1 : 0)
    if length > 8 {
      return v == 0 ? "0" : String(format: "%.\(max(0, magnitudePower - stepPower))e", v)
    }
    return String(format: "%.\(decimals)f", v)
  }

}
