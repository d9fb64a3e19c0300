import Foundation
import ReelTutorials

/// The bundled synthetic fixtures, loaded once per test process.
enum TutorialFixtures {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Fixtures/movielens")

  /// The small ml-1m sample (10,000 ratings, 200 users, 500 movies).
  static let small: Result<TutorialRatings, Error> = Result {
    try TutorialRatings(path: root.appendingPathComponent("ml-1m").path)
  }

  /// Settings that train well on the small sample in a few seconds: batches of 512 with the
  /// logQ correction, 2 epochs, no training-split evaluation.
  static var quickSettings: FeatureTrainingSettings {
    var s = FeatureTrainingSettings()
    s.batchSize = 512
    s.logQCorrection = true
    s.evaluateTrain = false
    s.epochs = 2
    return s
  }
}
