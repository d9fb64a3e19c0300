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
  /// The factorized top-k metrics are left out of the training lines when the retrieval model
  /// does not compute them in training (they would read 0).
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

/// Forwards to a ``ProgressPrinter`` without the values that training never updates: the
/// factorized top-k metrics of a retrieval model trained with `computesMetricsInTraining` off.
final class TrainingProgress: TrainingCallback {
  let printer: ProgressPrinter

  init(printer: ProgressPrinter) { self.printer = printer }

  static func kept(_ name: String, trainer: Trainer) -> Bool {
    guard let retrieval = trainer.model as? BasicRetrievalModel,
      !retrieval.computesMetricsInTraining
    else { return true }
    return !name.hasPrefix("factorized_top_k/")
  }

  func trainingWillStart(epochs: Int, stepsPerEpoch: Int?, trainer: Trainer) {
    printer.trainingWillStart(epochs: epochs, stepsPerEpoch: stepsPerEpoch, trainer: trainer)
  }

  func stepDidEnd(_ progress: StepProgress, trainer: Trainer) {
    var p = progress
    p.values = p.values.filter { Self.kept($0.name, trainer: trainer) }
    printer.stepDidEnd(p, trainer: trainer)
  }

  func epochDidEnd(_ record: EpochRecord, trainer: Trainer) {
    var r = record
    r.values = r.values.filter { Self.kept($0.key, trainer: trainer) }
    printer.epochDidEnd(r, trainer: trainer)
  }

  func trainingDidEnd(_ history: History, trainer: Trainer) {
    printer.trainingDidEnd(history, trainer: trainer)
  }
}
