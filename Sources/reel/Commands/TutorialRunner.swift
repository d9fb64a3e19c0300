import Foundation

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
