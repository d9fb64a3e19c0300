/// The mean and sample standard deviation of a figure over repeated runs, as the TFRS
/// tutorials report them ("0.9326 ± 0.0015").
///
/// ```swift
/// let rmse = RunStatistics([0.93, 0.94, 0.92])
/// print(rmse)  // 0.9300 ± 0.0100
/// ```
public struct RunStatistics: Equatable, CustomStringConvertible, Sendable {
  /// The figures, one per run.
  public let values: [Double]

  /// Statistics of `values`; there must be at least one.
  public init(_ values: [Double]) {
    precondition(!values.isEmpty, "RunStatistics needs at least one value")
    self.values = values
  }

  /// The arithmetic mean.
  public var mean: Double { values.reduce(0, +) / Double(values.count) }

  /// The sample standard deviation (n − 1 in the denominator, as `numpy.std(ddof=1)`); 0 for a
  /// single run.
  public var standardDeviation: Double {
    guard values.count > 1 else { return 0 }
    let m = mean
    let squares = values.reduce(0) { $0 + ($1 - m) * ($1 - m) }
    return (squares / Double(values.count - 1)).squareRoot()
  }

  /// The standard error of the mean: standard deviation / √n.
  public var standardError: Double { standardDeviation / Double(values.count).squareRoot() }

  /// `mean ± standardDeviation` with `digits` decimals.
  public func formatted(digits: Int = 4) -> String {
    "\(Self.fixed(mean, digits)) ± \(Self.fixed(standardDeviation, digits))"
  }

  public var description: String { formatted() }

  private static func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let rounded = (abs(x) * scale).rounded() / scale
    var text = String(Int(rounded))
    let fraction = Int(((rounded - rounded.rounded(.down)) * scale).rounded())
    if digits > 0 {
      let f = String(fraction)
      text += "." + String(repeating: "0", count: digits - f.count) + f
    }
    return (x < 0 && rounded != 0 ? "-" : "") + text
  }
}
