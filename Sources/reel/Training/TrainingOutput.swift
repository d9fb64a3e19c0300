import ArgumentParser
import Foundation
import Reel

#if canImport(Glibc)
  import Glibc
#endif

extension TutorialTask: ExpressibleByArgument {}
extension OptimizerKind: ExpressibleByArgument {}

/// Printing shared by `reel train`, `reel evaluate`, `reel recommend`, `reel tutorial` and
/// `reel demo`.
enum TrainingOutput {
  /// Writes `text` and a newline to standard error.
  static func note(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  /// A progress printer: to standard error with `--json`, to standard output otherwise.
  /// Metrics that training steps never update (such as the factorized top-k metrics with
  /// `--no-training-metrics`) are left out of the training lines (they would read 0).
  static func progress(json: Bool) -> any TrainingCallback {
    TrainingProgress(printer: printer(json: json))
  }

  static func printer(json: Bool) -> ProgressPrinter {
    json
      ? ProgressPrinter()
      : ProgressPrinter(
        isTerminal: isatty(1) != 0,
        write: { text in
          print(text, terminator: "")
          fflush(stdout)
        })
  }

  /// One JSON object on one line, keys sorted.
  static func printJSON(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(
      withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
    print(String(decoding: data, as: UTF8.self))
  }

  /// The metric lines of a finished evaluation, short names, sorted (losses first).
  static func metricLines(_ metrics: [String: Double]) -> [String] {
    let order = ["loss", "rmse"]
    return metrics.sorted { a, b in
      let (ia, ib) = (order.firstIndex(of: a.key) ?? 99, order.firstIndex(of: b.key) ?? 99)
      if ia != ib { return ia < ib }
      return a.key.count != b.key.count ? a.key.count < b.key.count : a.key < b.key
    }
    .filter { $0.key != "regularization_loss" || $0.value != 0 }
    .map { "  \($0.key): \(String(format: "%.4f", $0.value))" }
  }

  /// The metrics of `shortMetrics` plus the run's figures, as `--json` prints them.
  static func summary(
    task: TutorialTask, outcome: TutorialOutcome, totalSeconds: Double, loadSeconds: Double
  ) -> [String: Any] {
    var object: [String: Any] = [
      "task": task.rawValue, "train_rows": outcome.trainRows, "test_rows": outcome.testRows,
      "epochs": outcome.history.epochs.count, "epoch_seconds": outcome.epochSeconds,
      "total_seconds": totalSeconds, "load_seconds": loadSeconds,
      "evaluate_seconds": outcome.evaluationSeconds,
    ]
    for (key, value) in outcome.shortMetrics { object[key] = value }
    return object
  }

  /// Seconds since `start`.
  static func since(_ start: ContinuousClock.Instant) -> Double {
    let c = (ContinuousClock.now - start).components
    return Double(c.seconds) + Double(c.attoseconds) * 1e-18
  }

  /// Prints a ranked list, one `rank. title (score)` line each.
  static func printRecommendations(_ list: [Recommendation], indent: String = "  ") {
    for (i, r) in list.enumerated() {
      print("\(indent)\(i + 1). \(r.title)  (\(String(format: "%.4f", r.score)))")
    }
  }
}

/// Forwards to a ``ProgressPrinter`` without the values of metrics that training never
/// updates (their state is still all zeros after a step, as for the factorized top-k metrics of
/// a retrieval model trained with `computesMetricsInTraining` off): they would read 0.
final class TrainingProgress: TrainingCallback {
  let printer: ProgressPrinter
  /// The result names of the metrics left untouched by the current epoch's steps.
  private var idle: Set<String> = []

  init(printer: ProgressPrinter) { self.printer = printer }

  /// The result names of `trainer`'s metrics that have accumulated nothing since their reset.
  static func idleResults(_ trainer: Trainer) -> Set<String> {
    let metrics = trainer.model.tasks.flatMap(\.metrics)
    return Set(
      metrics.filter { $0.state.allSatisfy { $0 == 0 } }.flatMap { $0.results.map(\.name) })
  }

  func trainingWillStart(epochs: Int, stepsPerEpoch: Int?, trainer: Trainer) {
    printer.trainingWillStart(epochs: epochs, stepsPerEpoch: stepsPerEpoch, trainer: trainer)
  }

  func stepDidEnd(_ progress: StepProgress, trainer: Trainer) {
    idle = Self.idleResults(trainer)
    var p = progress
    p.values = p.values.filter { !idle.contains($0.name) }
    printer.stepDidEnd(p, trainer: trainer)
  }

  func epochDidEnd(_ record: EpochRecord, trainer: Trainer) {
    var r = record
    r.values = r.values.filter { !idle.contains($0.key) }
    printer.epochDidEnd(r, trainer: trainer)
  }

  func trainingDidEnd(_ history: History, trainer: Trainer) {
    printer.trainingDidEnd(history, trainer: trainer)
  }
}
