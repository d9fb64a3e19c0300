import ArgumentParser
import Foundation
import Reel

/// `reel bench parse PATH`: parses a ratings file of any release to columns.
struct BenchParse: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse",
    abstract: "Parse a ratings file (u.data, ratings.dat or ratings.csv) to columns and report the speed.")

  @Argument(help: "A ratings file of any MovieLens release.") var path: String
  @Option(help: "Parsing workers.") var parallelism = ProcessInfo.processInfo.activeProcessorCount
  @Option(help: "Runs; the best is reported.") var repeats = 3
  @Flag(help: "Print one JSON object instead of text.") var json = false

  func run() throws {
    guard let parser = RatingsParser(fileName: path) else {
      throw ValidationError("\(path): not a ratings file name (u.data, *.dat, *.csv)")
    }
    let resolved = (path as NSString).resolvingSymlinksInPath
    let bytes = (try? FileManager.default.attributesOfItem(atPath: resolved)[.size] as? Int) ?? 0
    var best = Double.infinity
    var rows = 0
    for _ in 0..<repeats {
      let start = ContinuousClock.now
      rows = try Datasets.ratings(path: path, parser: parser, parallelism: parallelism).reduce(0) { $0 + $1.rowCount }
      let elapsed = ContinuousClock.now - start
      best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    if json {
      let object: [String: Any] = [
        "rows": rows, "seconds": best, "rows_per_second": Double(rows) / best,
        "megabytes_per_second": Double(bytes) / best / 1e6,
      ]
      print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
    } else {
      print("\(path): \(rows) rows in \(String(format: "%.3f", best)) s = \(String(format: "%.1f", Double(rows) / best / 1e6))M rows/s, \(String(format: "%.0f", Double(bytes) / best / 1e6)) MB/s")
    }
  }
}
