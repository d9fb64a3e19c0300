import Foundation

/// The MovieLens ratings of TFRS's DCN tutorial: one row per rating with the six features the
/// models embed (`movie_id`, `user_id`, `user_zip_code`, `user_occupation_text` as strings;
/// `user_gender`, `bucketized_user_age` as integers) and `user_rating`, plus each feature's
/// vocabulary over all ratings (the tutorial's `np.unique` of every value).
///
///     let data = try DCNRatings(path: "Fixtures/movielens/ml-100k")
///     let split = data.split(seed: 42)     // 80% train, 20% test
///
/// The tutorial loads `movie_lens/100k-ratings` (although its heading says 1M); any release
/// with user demographics works (ml-100k's `u.user` or ml-1m's `users.dat`).
public struct DCNRatings: Sendable {
  /// The string features, in the tutorial's order.
  public static let stringFeatures = ["movie_id", "user_id", "user_zip_code", "user_occupation_text"]
  /// The integer features, in the tutorial's order.
  public static let integerFeatures = ["user_gender", "bucketized_user_age"]
  /// Every feature, in the order the model concatenates their embeddings.
  public static var features: [String] { stringFeatures + integerFeatures }

  /// The ratings: the string features, the integer features (int64) and `user_rating`.
  public let ratings: FeatureBatch
  /// The sorted distinct values of each string feature.
  public let stringVocabularies: [String: [String]]
  /// The sorted distinct values of each integer feature.
  public let integerVocabularies: [String: [Int64]]

  /// Loads a MovieLens folder or `.zip` with user demographics.
  ///
  /// - Throws: ``RecommenderError`` naming `path` when it cannot be read or has no users file.
  public init(path: String) throws {
    let batch: FeatureBatch
    do {
      let source = try MovieLensSource(path: path)
      let features = try MovieLensFeatures(source: source)
      guard features.hasUsers else {
        throw RecommenderError(
          component: path,
          reason: "has no user features (the DCN tutorial needs ml-100k's u.user or ml-1m's users.dat)")
      }
      batch = try features.ratings(try source.loadRatings().ratings)
    } catch let error as RecommenderError {
      throw error
    } catch {
      throw RecommenderError(component: path, reason: "not a readable MovieLens release: \(error)")
    }
    try self.init(joined: batch)
  }

  /// Builds the data from TFDS-style joined ratings (``MovieLensFeatures/ratings(_:rows:)``).
  ///
  /// - Throws: ``RecommenderError`` when a column is missing or of the wrong type, or there
  ///   are no ratings.
  public init(joined batch: FeatureBatch) throws {
    var columns: [(String, FeatureColumn)] = []
    var strings: [String: [String]] = [:]
    var integers: [String: [Int64]] = [:]
    do {
      for name in Self.stringFeatures {
        let values = Array(try batch.string(name))
        strings[name] = Array(Set(values)).sorted()
        columns.append((name, try batch.column(name)))
      }
      for name in Self.integerFeatures {
        let column = try batch.column(name)
        let values: [Int64]
        if let v = column.int32Values, !column.isList {
          values = v.map(Int64.init)
        } else if let v = column.floatValues, !column.isList {
          values = v.map { Int64($0) }
        } else if let v = column.int64Values, !column.isList {
          values = v
        } else {
          throw RecommenderError(
            component: "DCNRatings", reason: "column \(name) is not an integer or float column")
        }
        integers[name] = Array(Set(values)).sorted()
        columns.append((name, .int64(values)))
      }
      columns.append(("user_rating", .float(try batch.float("user_rating"))))
    } catch let error as RecommenderError {
      throw error
    } catch {
      throw RecommenderError(component: "DCNRatings", reason: "\(error)")
    }
    guard batch.rowCount > 0 else {
      throw RecommenderError(component: "DCNRatings", reason: "no ratings")
    }
    ratings = try FeatureBatch(columns)
    stringVocabularies = strings
    integerVocabularies = integers
  }

  /// The tutorial's split: all ratings shuffled with `seed` (Fisher–Yates over
  /// ``SplitMix64``, as ``TutorialRatings/split(seed:trainFraction:)``), the first
  /// `trainFraction` train and the rest test.
  public func split(seed: UInt64, trainFraction: Double = 0.8) -> RatingsSplit {
    let n = ratings.rowCount
    var order = Array(0..<n)
    var rng = SplitMix64(seed: seed)
    if n > 1 {
      for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, rng.next(below: i + 1)) }
    }
    let trainCount = min(n, max(0, Int((Double(n) * trainFraction).rounded(.down))))
    return RatingsSplit(
      train: ratings.gather(Array(order[..<trainCount])),
      test: ratings.gather(Array(order[trainCount...])))
  }
}
