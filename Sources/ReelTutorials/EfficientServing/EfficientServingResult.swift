import Foundation

/// One candidate an index returned, mapped back to the movie it was made from.
public struct ServedCandidate: Equatable, Sendable {
  /// The candidate's row in the large set.
  public var row: Int
  /// The title of the movie the candidate is (a copy of).
  public var title: String
  /// Whether it is the real movie rather than a noisy copy.
  public var isOriginal: Bool
  /// The dot product with the query.
  public var score: Float

  public init(row: Int, title: String, isOriginal: Bool, score: Float) {
    self.row = row
    self.title = title
    self.isOriginal = isOriginal
    self.score = score
  }
}

/// The figures of one approximate-index setting against brute force.
public struct ServingConfigurationResult: Equatable, Sendable {
  /// The setting as run (adapted to the candidate count).
  public var configuration: ServingConfiguration
  /// Seconds to build the index of `configuration.leaves` leaves; settings with the same leaf
  /// count share one build (leaves searched and reorder are query-time settings).
  public var buildSeconds: Double
  /// Recall@k against brute force, weighted by test rows (the notebook's `compute_recall`).
  public var recall: Double
  /// Query latency.
  public var latency: ServingLatency
  /// Brute force's single-query milliseconds over this setting's.
  public var singleQuerySpeedUp: Double
  /// Brute force's batched milliseconds per query over this setting's.
  public var batchedSpeedUp: Double

  public init(
    configuration: ServingConfiguration, buildSeconds: Double, recall: Double,
    latency: ServingLatency, singleQuerySpeedUp: Double, batchedSpeedUp: Double
  ) {
    self.configuration = configuration
    self.buildSeconds = buildSeconds
    self.recall = recall
    self.latency = latency
    self.singleQuerySpeedUp = singleQuerySpeedUp
    self.batchedSpeedUp = batchedSpeedUp
  }
}

/// The save-and-reload check of the tutorial's `--out`.
public struct SavedIndexCheck: Equatable, Sendable {
  /// The index file.
  public var url: URL
  /// Its size in bytes.
  public var bytes: Int
  /// The setting the saved index searches with.
  public var configuration: ServingConfiguration
  public var saveSeconds: Double
  public var loadSeconds: Double
  /// Whether the reloaded index returned the same ids, rows and scores (bit for bit) for
  /// every query.
  public var identical: Bool
  /// The number of queries compared.
  public var queriesCompared: Int
}

/// Everything ``EfficientServing/run(data:settings:events:)`` measured.
public struct EfficientServingResult {
  /// The trained basic retrieval model and its test metrics.
  public let outcome: TutorialOutcome
  /// Seconds of training and evaluation (``TutorialTraining/run(data:recipe:callbacks:)``).
  public let trainingSeconds: Double
  /// The number of real movies and of noisy copies of each.
  public let movieCount: Int
  public let copies: Int
  /// The number of candidates, `movieCount · (copies + 1)`.
  public let candidateCount: Int
  /// Seconds to compute the candidate set.
  public let candidateSeconds: Double
  /// Distinct test users queried and the test rows they stand for.
  public let queryCount: Int
  public let testRows: Int
  /// Results per query.
  public let k: Int
  /// Brute force (exact) latency; its batched call is also the ground truth.
  public let bruteForce: ServingLatency
  /// One entry per setting, in the order given.
  public let configurations: [ServingConfigurationResult]
  /// The user whose top candidates are shown, and their top `settings.topCount` from brute
  /// force and from the first setting's approximate index.
  public let user: String
  public let bruteForceTop: [ServedCandidate]
  public let approximateTop: [ServedCandidate]
  /// The save-and-reload check, when a directory to save to was given.
  public let saved: SavedIndexCheck?
}
