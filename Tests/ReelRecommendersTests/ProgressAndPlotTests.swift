import Foundation
import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

#if canImport(FoundationXML)
  import FoundationXML
#endif

final class ProgressAndPlotTests: XCTestCase {
  func testProgressLineShowsLossRateAndETA() {
    let p = StepProgress(
      epoch: 1, epochs: 3, step: 4, stepsPerEpoch: 10, globalStep: 14, rows: 400, seconds: 2,
      rowsSinceStart: 400, stepsSinceStart: 4,
      values: [("loss", 12.5), ("regularization_loss", 0), ("rmse", 0.25)])
    XCTAssertEqual(
      ProgressPrinter.line(for: p),
      "epoch 2/3  step 4/10  loss 12.5000  rmse 0.2500  200 rows/s  ETA 0:03")
  }

  func testPlainOutputWhenNotATerminalAndRewrittenLineOnATerminal() throws {
    let data = SyntheticRatings()
    for terminal in [false, true] {
      var text = ""
      let printer = ProgressPrinter(isTerminal: terminal, interval: 3600) { text += $0 }
      var rng = SplitMix64(seed: 1)
      let model = try BasicRetrievalModel(
        users: data.users, movies: data.movies, embeddingDimension: 4, ks: [1], using: &rng)
      try Trainer(model: model, optimizer: Adagrad(learningRate: 0.1), callbacks: [printer])
        .fit(train: data.dataset(0..<200, batch: 50), epochs: 2)
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      if terminal {
        XCTAssertTrue(text.hasPrefix("\repoch 1/2  step 1/4"), String(text.prefix(80)))
        XCTAssertTrue(text.contains("\u{1B}[K"))
      } else {
        // First step and last step of each epoch (interval is long), then the summary.
        XCTAssertEqual(lines.count, 7, text)
        XCTAssertFalse(text.contains("\r"))
        XCTAssertTrue(lines[2].hasPrefix("epoch 1 done: 4 steps, 200 rows  "), String(lines[2]))
        XCTAssertTrue(lines[2].contains("  loss "), String(lines[2]))
        XCTAssertTrue(lines[4].hasPrefix("epoch 2/2  step 4/4  loss "), String(lines[4]))
      }
    }
  }

  func testSVGHasAPanelPerValueAndParses() throws {
    let history = History(
      epochs: (0..<3).map { e in
        EpochRecord(
          epoch: e,
          values: [
            "loss": 10 - Double(e), "val_loss": 11 - Double(e), "regularization_loss": 0,
            "a<b": Double(e) / 10,
          ],
          rows: 100, steps: 2, seconds: 1)
      })
    let svg = HistoryPlot.svg(history)
    XCTAssertEqual(svg.components(separatedBy: "<polyline").count - 1, 3)  // loss, val_loss, a<b
    XCTAssertTrue(svg.contains("a&lt;b"))
    XCTAssertFalse(svg.contains("regularization_loss"))
    let parser = XMLParser(data: Data(svg.utf8))
    XCTAssertTrue(parser.parse(), "\(String(describing: parser.parserError))")
  }
}
