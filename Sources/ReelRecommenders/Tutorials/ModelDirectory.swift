import Foundation
import ReelTensor

/// Saves and loads a trained ``TutorialRecommender`` as a directory:
///
/// | file | contents |
/// |---|---|
/// | `weights.safetensors` | the parameters (``WeightFile``) |
/// | `users.json`, `movies.json` | the vocabularies (JSON arrays of strings) |
/// | `seen.json` | per user, the positions in `movies.json` rated in training |
/// | `candidates.index` | retrieval only: the ``BruteForce`` index of the movie embeddings |
/// | `history.json`, `history.csv`, `history.svg` | the training ``History`` and its plot |
/// | `model.json` | the ``ModelManifest``, written last |
///
/// Every file is written to a temporary name, fsynced and renamed into place; an existing
/// `model.json` is removed first and the new one written last, so a crash never leaves a
/// directory that loads as a mix of two models. Loading checks every file's size and CRC-32C
/// before using it.
///
///     try ModelDirectory.save(outcome, data: data, to: URL(fileURLWithPath: "model"))
///     let loaded = try ModelDirectory.load(from: URL(fileURLWithPath: "model"))
///     try loaded.recommender.recommend(user: "42", k: 10)
public enum ModelDirectory {
  /// A loaded model directory.
  public struct Loaded {
    public let manifest: ModelManifest
    public let recommender: TutorialRecommender
    public let history: History
  }

  /// Writes `outcome` (trained on `data`) into `folder`, creating it if needed.
  ///
  /// - Throws: ``RecommenderError`` when a retrieval outcome has no index; file-system errors.
  public static func save(_ outcome: TutorialOutcome, data: TutorialRatings, to folder: URL) throws
  {
    let r = outcome.recommender
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let manifestURL = folder.appendingPathComponent(ModelManifest.fileName)
    if FileManager.default.fileExists(atPath: manifestURL.path) {
      try FileManager.default.removeItem(at: manifestURL)
      AtomicFile.syncFolder(folder)
    }
    var files: [String: ModelManifest.File] = [:]
    func put(_ role: String, _ name: String, _ bytes: Data) throws {
      try AtomicFile.write(bytes, to: folder.appendingPathComponent(name))
      files[role] = ModelManifest.File(name: name, bytes: bytes.count, crc32c: crc(bytes))
    }
    func putFile(_ role: String, _ name: String, _ write: (URL) throws -> Void) throws {
      let url = folder.appendingPathComponent(name)
      try AtomicFile.write(to: url, write)
      let bytes = try Data(contentsOf: url)
      files[role] = ModelManifest.File(name: name, bytes: bytes.count, crc32c: crc(bytes))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try putFile("weights", "weights.safetensors") { url in
      try WeightFile.save(
        r.model.parameters, metadata: ["reel.model": r.recipe.task.rawValue], to: url)
    }
    try put("users", "users.json", encoder.encode(r.users))
    try put("movies", "movies.json", encoder.encode(r.movies))
    try put("seen", "seen.json", encoder.encode(r.seen))
    if r.recipe.task == .retrieval {
      guard let index = r.index else {
        throw RecommenderError(
          component: folder.path, reason: "the retrieval model has no index (call buildIndex())")
      }
      try putFile("index", "candidates.index") { url in try index.save(to: url) }
    }
    try put("history_json", "history.json", outcome.history.jsonData())
    try put("history_csv", "history.csv", Data(outcome.history.csv().utf8))
    try put("history_svg", "history.svg", Data(HistoryPlot.svg(outcome.history).utf8))
    let model = r.model
    var columns: [String: String] = [:]
    if let m = model as? BasicRetrievalModel {
      columns = ["user": m.userColumn, "movie": m.movieColumn]
    } else if let m = model as? BasicRankingModel {
      columns = ["user": m.userColumn, "movie": m.movieColumn, "rating": m.ratingColumn]
    }
    let manifest = ModelManifest(
      kind: r.recipe.task, recipe: r.recipe, columns: columns,
      data: .init(
        path: data.path, origin: data.origin, trainRows: outcome.trainRows,
        testRows: outcome.testRows),
      userCount: r.users.count, movieCount: r.movies.count, files: files,
      metrics: outcome.metrics)
    let pretty = JSONEncoder()
    pretty.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    try AtomicFile.write(pretty.encode(manifest), to: manifestURL)
  }

  /// Loads a model directory and rebuilds the model exactly (same predictions and top-k).
  ///
  /// - Throws: ``RecommenderError`` naming the directory or file and the reason: no
  ///   `model.json`, an unreadable or newer manifest, a missing file, a size or checksum
  ///   mismatch (a corrupted or replaced file), vocabularies or an index that do not fit the
  ///   manifest; ``WeightFileError`` when the weights do not fit the model.
  public static func load(from folder: URL) throws -> Loaded {
    let manifestURL = folder.appendingPathComponent(ModelManifest.fileName)
    func fail(_ reason: String) -> RecommenderError {
      RecommenderError(component: folder.path, reason: reason)
    }
    guard FileManager.default.fileExists(atPath: manifestURL.path) else {
      throw fail("not a Reel model directory (no \(ModelManifest.fileName))")
    }
    let manifest: ModelManifest
    do {
      manifest = try JSONDecoder().decode(ModelManifest.self, from: Data(contentsOf: manifestURL))
    } catch {
      throw RecommenderError(
        component: manifestURL.path, reason: "unreadable model manifest: \(error)")
    }
    guard manifest.format == ModelManifest.formatName,
      manifest.version == ModelManifest.currentVersion
    else {
      throw fail(
        "\(ModelManifest.fileName) is format '\(manifest.format)' version \(manifest.version); "
          + "this Reel reads '\(ModelManifest.formatName)' version \(ModelManifest.currentVersion)")
    }
    var roles = ["weights", "users", "movies", "seen", "history_json"]
    if manifest.kind == .retrieval { roles.append("index") }
    var contents: [String: Data] = [:]
    for role in roles {
      guard let file = manifest.files[role] else {
        throw fail("\(ModelManifest.fileName) lists no \(role) file")
      }
      let url = folder.appendingPathComponent(file.name)
      guard let bytes = FileManager.default.contents(atPath: url.path) else {
        throw RecommenderError(component: url.path, reason: "missing (the manifest lists it)")
      }
      guard bytes.count == file.bytes else {
        throw RecommenderError(
          component: url.path,
          reason: "\(bytes.count) bytes, the manifest says \(file.bytes) (truncated or replaced)")
      }
      guard crc(bytes) == file.crc32c else {
        throw RecommenderError(
          component: url.path, reason: "checksum mismatch (the file is corrupted or was replaced)")
      }
      contents[role] = bytes
    }
    let decoder = JSONDecoder()
    func decode<T: Decodable>(_ type: T.Type, _ role: String) throws -> T {
      do { return try decoder.decode(type, from: contents[role]!) } catch {
        throw fail("\(manifest.files[role]!.name): unreadable: \(error)")
      }
    }
    let users = try decode([String].self, "users")
    let movies = try decode([String].self, "movies")
    guard users.count == manifest.userCount, movies.count == manifest.movieCount else {
      throw fail(
        "vocabularies of \(users.count) users and \(movies.count) movies; the manifest says "
          + "\(manifest.userCount) and \(manifest.movieCount)")
    }
    let recommender = try TutorialRecommender(recipe: manifest.recipe, users: users, movies: movies)
    guard recommender.users == users, recommender.movies == movies else {
      throw fail("users.json and movies.json must be sorted and free of duplicates")
    }
    recommender.seen = try decode([String: [Int]].self, "seen")
    if let bad = recommender.seen.values.joined().first(where: { $0 < 0 || $0 >= movies.count }) {
      throw fail("seen.json names movie position \(bad), outside 0..<\(movies.count)")
    }
    try WeightFile.load(
      into: recommender.model.parameters,
      from: folder.appendingPathComponent(manifest.files["weights"]!.name))
    if manifest.kind == .retrieval {
      let url = folder.appendingPathComponent(manifest.files["index"]!.name)
      let index = try BruteForce(contentsOf: url)
      guard index.count == movies.count, index.dimension == manifest.recipe.embeddingDimension
      else {
        throw RecommenderError(
          component: url.path,
          reason: "index of \(index.count) × \(index.dimension); the model has \(movies.count) "
            + "movies of dimension \(manifest.recipe.embeddingDimension)")
      }
      recommender.index = index
    }
    let history = try decode(History.self, "history_json")
    return Loaded(manifest: manifest, recommender: recommender, history: history)
  }

  static func crc(_ data: Data) -> UInt32 {
    data.withUnsafeBytes { Checksum.crc32c($0) }
  }
}
