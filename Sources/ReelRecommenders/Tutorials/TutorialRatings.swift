import Foundation
import ReelMovieLens
import ReelPipeline
import ReelShards

/// The ratings the TFRS basic tutorials train on, loaded from a MovieLens release (folder or
/// `.zip`, parsed by ``MovieLensSource``) or from shard datasets written by
/// `reel preprocess movielens`: one row per rating with the TFDS columns `user_id`,
/// `movie_title` (strings), `user_rating` (float) and `timestamp` (int64), plus the candidate
/// movie titles.
///
///     let data = try TutorialRatings(path: "Fixtures/movielens/ml-100k")
///     let split = data.split(seed: 42)              // 80% train, 20% test, as the tutorials
///     let train = split.trainBatches(batchSize: 8192, seed: 42)
///     let test = split.testBatches()                // batches of 4096
///
/// A shard path is either the output folder of `reel preprocess movielens` (with `train/`,
/// `test/` and `movies/` datasets) or one dataset folder (with `manifest.json`). The ratings of
/// every dataset found are concatenated (train, then test); the candidates come from `movies/`
/// when present, otherwise from the distinct titles rated.
public struct TutorialRatings: Sendable {
  /// The four tutorial columns, in this order.
  public static let columns = ["user_id", "movie_title", "user_rating", "timestamp"]

  /// Where the data came from.
  public enum Origin: String, Codable, Sendable {
    /// A MovieLens release folder or `.zip`.
    case movieLens = "movielens"
    /// Shard datasets.
    case shards
  }

  /// The path the data was loaded from.
  public let path: String
  /// Whether ``path`` was a MovieLens release or shards.
  public let origin: Origin
  /// Every rating, with ``columns``.
  public let ratings: FeatureBatch
  /// The candidate movie titles (the movies file's titles, or the distinct titles rated),
  /// sorted and without duplicates.
  public let movieTitles: [String]

  /// Builds the data from ratings already in memory.
  ///
  /// - Throws: ``RecommenderError`` when a column is missing or of the wrong type, or when
  ///   there are no ratings.
  public init(
    ratings: FeatureBatch, movieTitles: [String]? = nil, path: String = "(memory)",
    origin: Origin = .movieLens
  ) throws {
    let fail = { (reason: String) in RecommenderError(component: path, reason: reason) }
    let selected: FeatureBatch
    do {
      selected = try ratings.selecting(Self.columns)
      _ = try selected.string("user_id")
      _ = try selected.string("movie_title")
      _ = try selected.float("user_rating")
      _ = try selected.int64("timestamp")
    } catch {
      throw fail(
        "the ratings need columns user_id and movie_title (string), user_rating (float) and "
          + "timestamp (int64): \(error)")
    }
    guard selected.rowCount > 0 else { throw fail("no ratings") }
    self.path = path
    self.origin = origin
    self.ratings = selected
    let titles = try movieTitles ?? Array(selected.string("movie_title"))
    self.movieTitles = Array(Set(titles)).sorted()
  }

  /// Loads `path`: a MovieLens folder or `.zip`, or shards written by `reel preprocess movielens`.
  ///
  /// - Throws: ``RecommenderError`` naming `path` and the reason (no such path, neither a
  ///   MovieLens release nor shards, missing columns, no ratings), wrapping the parser's or
  ///   shard reader's error.
  /// - Complexity: O(ratings); ml-100k loads in well under a second.
  public init(path: String) throws {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw RecommenderError(
        component: path,
        reason: "no such file or folder (expected a MovieLens folder or .zip, "
          + "or shards written by reel preprocess movielens)")
    }
    if isDirectory.boolValue, let datasets = Self.shardDatasets(in: path) {
      try self.init(shards: datasets, path: path)
    } else {
      try self.init(movieLens: path)
    }
  }

  private init(movieLens path: String) throws {
    let batch: FeatureBatch
    let titles: [String]
    do {
      let source = try MovieLensSource(path: path)
      let features = try MovieLensFeatures(source: source)
      let (parsed, _) = try source.loadRatings()
      batch = try features.ratings(parsed).selecting(Self.columns)
      titles = try source.movies().map(\.title)
    } catch let error as RecommenderError {
      throw error
    } catch {
      throw RecommenderError(
        component: path, reason: "not a readable MovieLens release or shard dataset: \(error)")
    }
    try self.init(ratings: batch, movieTitles: titles, path: path, origin: .movieLens)
  }

  private init(shards: (ratings: [String], movies: String?), path: String) throws {
    var batches: [FeatureBatch] = []
    var titles: [String]?
    do {
      for folder in shards.ratings {
        let dataset = try ShardDataset(directory: folder)
        let names = Set(dataset.schema.map(\.name))
        let missing = Self.columns.filter { !names.contains($0) }
        guard missing.isEmpty else {
          throw RecommenderError(
            component: folder,
            reason: "shard dataset lacks column(s) \(missing.joined(separator: ", ")) "
              + "(write it with reel preprocess movielens --examples ratings)")
        }
        let columns = try ShardDataset(directory: folder, columns: Self.columns)
        batches += try columns.collect()
      }
      if let movies = shards.movies {
        let dataset = try ShardDataset(directory: movies, columns: ["movie_title"])
        titles = try dataset.collect().flatMap { Array(try $0.string("movie_title")) }
      }
    } catch let error as RecommenderError {
      throw error
    } catch {
      throw RecommenderError(component: path, reason: "cannot read the shards: \(error)")
    }
    try self.init(
      ratings: FeatureBatch.concatenate(batches), movieTitles: titles, path: path, origin: .shards)
  }

  /// The rating datasets (and the movies dataset) of a shard folder, or nil when `path` holds
  /// no `manifest.json` itself nor in `train/` or `test/`.
  static func shardDatasets(in path: String) -> (ratings: [String], movies: String?)? {
    func isDataset(_ folder: String) -> Bool {
      FileManager.default.fileExists(
        atPath: (folder as NSString).appendingPathComponent("manifest.json"))
    }
    if isDataset(path) { return ([path], nil) }
    let parts = ["train", "test"].map { (path as NSString).appendingPathComponent($0) }
      .filter(isDataset)
    guard !parts.isEmpty else { return nil }
    let movies = (path as NSString).appendingPathComponent("movies")
    return (parts, isDataset(movies) ? movies : nil)
  }

  /// Every distinct user id, sorted.
  public var userIDs: [String] {
    Array(Set((try? ratings.string("user_id")).map(Array.init) ?? [])).sorted()
  }

  /// Splits the ratings as the tutorials do: shuffle all of them with `seed` (one
  /// Fisher–Yates pass driven by ``SplitMix64``), the first `trainFraction` (rounded down) are
  /// train, the rest test.
  ///
  /// - Complexity: O(ratings).
  public func split(seed: UInt64, trainFraction: Double = 0.8) -> RatingsSplit {
    let n = ratings.rowCount
    var order = Array(0..<n)
    var rng = SplitMix64(seed: seed)
    if n > 1 {
      for i in stride(from: n - 1, to: 0, by: -1) {
        order.swapAt(i, rng.next(below: i + 1))
      }
    }
    let trainCount = min(n, max(0, Int((Double(n) * trainFraction).rounded(.down))))
    return RatingsSplit(
      train: ratings.gather(Array(order[..<trainCount])),
      test: ratings.gather(Array(order[trainCount...])))
  }
}
