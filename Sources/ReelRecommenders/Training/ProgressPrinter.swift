import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A ``TrainingCallback`` printing progress: epoch, step, running loss and metrics, rows/s
/// and the epoch's ETA. On a terminal the line is rewritten in place (`\r`) at most ten times
/// a second; otherwise a plain line is printed every `interval` seconds. Each epoch ends
/// with a summary line.
///
///     let trainer = Trainer(model: model, optimizer: optimizer, callbacks: [ProgressPrinter()])
///
/// Output such as `epoch 2/3  step 7/13  loss 812.4  total_loss 812.4  41,000 rows/s  ETA 0:03`.
public final class ProgressPrinter: TrainingCallback {
  private let write: (String) -> Void
  private let isTerminal: Bool
  private let interval: Double
  private var lastPrint: ContinuousClock.Instant?
  private var lineOpen = false
  private let clock = ContinuousClock()

  /// - Parameters:
  ///   - isTerminal: rewrite one line with `\r` (default: whether standard error is a TTY).
  ///   - interval: seconds between plain lines when not on a terminal.
  ///   - write: where text goes (default: standard error).
  public init(
    isTerminal: Bool = isatty(2) != 0, interval: Double = 5,
    write: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
  ) {
    self.isTerminal = isTerminal
    self.interval = interval
    self.write = write
  }

  public func trainingWillStart(epochs: Int, stepsPerEpoch: Int?, trainer: Trainer) {
    lastPrint = nil
  }

  public func stepDidEnd(_ progress: StepProgress, trainer: Trainer) {
    let now = clock.now
    let wait = isTerminal ? 0.1 : interval
    if let last = lastPrint, seconds(now - last) < wait,
      progress.step != progress.stepsPerEpoch
    {
      return
    }
    lastPrint = now
    if isTerminal {
      write("\r" + Self.line(for: progress) + "\u{1B}[K")
      lineOpen = true
    } else {
      write(Self.line(for: progress) + "\n")
    }
  }

  public func epochDidEnd(_ record: EpochRecord, trainer: Trainer) {
    if lineOpen { write("\n") }
    lineOpen = false
    lastPrint = nil
    write(Self.summary(for: record) + "\n")
  }

  /// The progress line for one step.
  public static func line(for p: StepProgress) -> String {
    var parts = ["epoch \(p.epoch + 1)/\(p.epochs)"]
    parts.append("step \(p.step)" + (p.stepsPerEpoch.map { "/\($0)" } ?? ""))
    for v in p.values where v.name != "regularization_loss" || v.value != 0 {
      parts.append("\(v.name) \(format(v.value))")
    }
    parts.append("\(Int(p.rowsPerSecond.rounded())) rows/s")
    if let total = p.stepsPerEpoch, p.stepsSinceStart > 0, total >= p.step {
      let perStep = p.seconds / Double(p.stepsSinceStart)
      parts.append("ETA " + clockText(perStep * Double(total - p.step)))
    }
    return parts.joined(separator: "  ")
  }

  /// The summary line of a finished epoch.
  public static func summary(for r: EpochRecord) -> String {
    let history = History(epochs: [r])
    var parts = ["epoch \(r.epoch + 1) done: \(r.steps) steps, \(r.rows) rows"]
    for name in history.names where name != "regularization_loss" || r.values[name] != 0 {
      parts.append("\(name) \(format(r.values[name]!))")
    }
    parts.append("\(Int(r.rowsPerSecond.rounded())) rows/s")
    parts.append(clockText(r.seconds))
    return parts.joined(separator: "  ")
  }

  static func format(_ v: Double) -> String {
    let a = abs(v)
    if a != 0 && (a < 1e-3 || a >= 1e6) { return String(format: "%.3e", v) }
    return String(format: a >= 100 ? "%.1f" : "%.4f", v)
  }

  static func clockText(_ seconds: Double) -> String {
    guard seconds.isFinite, seconds >= 0 else { return "?" }
    let s = Int(seconds.rounded())
    return s >= 3600
      ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
      : String(format: "%d:%02d", s / 60, s % 60)
  }
}
