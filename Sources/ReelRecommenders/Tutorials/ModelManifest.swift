/// `model.json`, the manifest of a model directory written by ``ModelDirectory``: what the
/// model is, how it was trained, and every other file with its size and CRC-32C. A model
/// directory exists exactly when its manifest does (it is written last).
public struct ModelManifest: Codable, Equatable, Sendable {
  /// One file of the directory.
  public struct File: Codable, Equatable, Sendable {
    /// The name, relative to the directory.
    public var name: String
    public var bytes: Int
    public var crc32c: UInt32
  }

  /// The data a model was trained on.
  public struct DataInfo: Codable, Equatable, Sendable {
    /// The path given to ``TutorialRatings/init(path:)``.
    public var path: String
    public var origin: TutorialRatings.Origin
    public var trainRows: Int
    public var testRows: Int
  }

  /// Always `"reel-model"`.
  public var format = ModelManifest.formatName
  /// The format version, 1.
  public var version = ModelManifest.currentVersion
  /// `retrieval` or `ranking`.
  public var kind: TutorialTask
  /// The hyperparameters (including the seed of split, shuffles and initialization).
  public var recipe: TrainingRecipe
  /// The feature columns: `user`, `movie` and `rating`.
  public var columns: [String: String]
  public var data: DataInfo
  /// Vocabulary sizes (distinct users and movies).
  public var userCount: Int
  public var movieCount: Int
  /// The files by role: `weights`, `users`, `movies`, `seen`, `history_json`, `history_csv`,
  /// `history_svg`, and `index` for retrieval.
  public var files: [String: File]
  /// The final test metrics, under their full names.
  public var metrics: [String: Double]

  public static let formatName = "reel-model"
  public static let currentVersion = 1
  /// The manifest's file name.
  public static let fileName = "model.json"
}
