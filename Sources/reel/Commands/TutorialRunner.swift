import Foundation
import Reel

/// The options `reel tutorial NAME` passes to a tutorial. Each tutorial reads the ones it
/// needs and uses its own defaults for the rest (nil).
struct TutorialOptions {
  /// `--data`: a MovieLens folder or .zip (or shards), or nil for the tutorial's fixture.
  var data: String?
  /// `--seed`: the seed of splits, shuffles and initialization.
  var seed: UInt64
  /// `--epochs`, or nil for the tutorial's own number of epochs.
  var epochs: Int?
  /// `--runs`, or nil for the tutorial's own number of repeated runs (dcn uses 5).
  var runs: Int?
  /// `--user`: the user whose recommendations a retrieval tutorial prints.
  var user: String
  /// `--json`: print one JSON object with the run's figures on stdout, steps on stderr.
  var json: Bool
  /// `--out`: also save the trained model (or the tutorial's figures) here.
  var out: String?
  /// `--training-metrics` / `--no-training-metrics`.
  var trainingMetrics: Bool

  /// Prints one line of the walkthrough: to stdout, or to stderr with `--json`.
  var say: (String) -> Void { json ? TrainingOutput.note : { print($0) } }

  /// `data`, or `fallback` when no `--data` was given; throws a clear error when the path
  /// does not exist.
  func dataPath(default fallback: String) throws -> String {
    let path = data ?? fallback
    guard FileManager.default.fileExists(atPath: path) else {
      throw TutorialError.missingData(path)
    }
    return path
  }
}

/// One tutorial of `reel tutorial`.
protocol TutorialRunner {
  /// The name on the command line, such as `basic-retrieval`.
  static var name: String { get }
  /// One line for `reel tutorial --help`.
  static var summary: String { get }
  /// Runs the tutorial, printing its steps and figures.
  static func run(_ options: TutorialOptions) throws
}

/// Errors of `reel tutorial` that are not errors of the library.
enum TutorialError: Error, CustomStringConvertible {
  case missingData(String)
  case unknownTutorial(String, known: [String])

  var description: String {
    switch self {
    case .missingData(let path):
      return "\(path) not found: run reel tutorial from the repository root or pass --data PATH "
        + "(a MovieLens folder or .zip, or shards from reel preprocess movielens)"
    case .unknownTutorial(let name, let known):
      return "no tutorial named \(name); the tutorials are: \(known.joined(separator: ", "))"
    }
  }
}

/// The settings types whose seed and epoch count `reel tutorial` sets from its options.
protocol TutorialSettings {
  var seed: UInt64 { get set }
  var epochs: Int { get set }
}

extension TrainingRecipe: TutorialSettings {}
extension FeatureTrainingSettings: TutorialSettings {}
extension DeepRetrieval.Configuration: TutorialSettings {}
extension SequentialRetrieval.Configuration: TutorialSettings {}
extension ListwiseTutorial.Settings: TutorialSettings {}
extension DCNTutorial.Settings: TutorialSettings {}

extension TutorialOptions {
  /// `defaults` with `--seed`, and `--epochs` or else `epochs` (the CLI's own default when it
  /// differs from the library's) or else the library's epoch count.
  ///
  ///     var settings = options.settings(ListwiseTutorial.Settings(), epochs: 10)
  func settings<S: TutorialSettings>(_ defaults: S, epochs fallback: Int? = nil) -> S {
    var settings = defaults
    settings.seed = seed
    settings.epochs = epochs ?? fallback ?? settings.epochs
    return settings
  }

  /// Starts a tutorial run: the clock, the data path (`--data` or `fixture`, which must
  /// exist) and the header line `== TFRS NAME tutorial on PATH` (without the path when
  /// `headerNamesData` is false).
  ///
  ///     let run = try options.begin(name, fixture: "Fixtures/movielens/ml-100k")
  ///     run.say("1. …")
  ///     try run.finish { total in ["epochs": 3] }
  ///
  /// - Throws: ``TutorialError/missingData(_:)`` when the path does not exist.
  func begin(_ name: String, fixture: String, headerNamesData: Bool = true) throws -> TutorialRun {
    let start = ContinuousClock.now
    let path = try dataPath(default: fixture)
    say("== TFRS \(name) tutorial" + (headerNamesData ? " on \(path)" : ""))
    return TutorialRun(options: self, path: path, start: start)
  }
}

/// One `reel tutorial NAME` run in progress: what
/// ``TutorialOptions/begin(_:fixture:headerNamesData:)`` set up, and ``finish(json:)``, the
/// common ending.
struct TutorialRun {
  let options: TutorialOptions
  /// The data the tutorial reads: `--data` or its fixture.
  let path: String
  /// When the run started.
  let start: ContinuousClock.Instant

  /// Prints one line of the walkthrough (``TutorialOptions/say``).
  var say: (String) -> Void { options.say }

  /// Seconds since the run started.
  var elapsed: Double { TrainingOutput.since(start) }

  /// Ends the run: with `--json`, prints `json(total seconds)` plus `total_seconds` as one
  /// JSON object on stdout; otherwise the line `done in X s`.
  func finish(json: (Double) throws -> [String: Any]) throws {
    let total = elapsed
    if options.json {
      var object = try json(total)
      object["total_seconds"] = total
      try TrainingOutput.printJSON(object)
    } else {
      say("done in \(String(format: "%.2f", total)) s")
    }
  }
}
