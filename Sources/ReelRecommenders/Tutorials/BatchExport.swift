import Foundation
import ReelPipeline

/// Writes the exact rows a tutorial run trains and evaluates on, in order, so another
/// framework can replay the run (`Benchmarks/ranking_parity.py` does, with TFRS): the file
/// `batches.json` in a folder, a JSON object
///
///     {"batch_size": 8192, "test_batch_size": 4096, "seed": 42,
///      "train_epochs": [{"user_id": [...], "movie_title": [...], "user_rating": [...]}, ...],
///      "test": {"user_id": [...], "movie_title": [...], "user_rating": [...]}}
///
/// with one entry of `train_epochs` per training epoch: that epoch's rows in the order
/// ``RatingsSplit/trainBatches(batchSize:seed:reshuffleEachEpoch:)`` yields them (consecutive
/// runs of `batch_size` rows are the batches), and the test rows in evaluation order.
///
///     let split = data.split(seed: recipe.seed)
///     try BatchExport.write(split: split, recipe: recipe, to: URL(fileURLWithPath: "batches"))
public enum BatchExport {
  /// The name of the file written in the folder.
  public static let fileName = "batches.json"

  /// Writes `batches.json` for `recipe.epochs` epochs of `split` into `folder` (created if
  /// needed).
  ///
  /// - Throws: ``RecommenderError`` when a column is missing; file-system errors.
  /// - Complexity: O(epochs × train rows + test rows).
  public static func write(split: RatingsSplit, recipe: TrainingRecipe, to folder: URL) throws {
    let train = split.trainBatches(
      batchSize: recipe.batchSize, seed: recipe.seed,
      reshuffleEachEpoch: recipe.reshuffleEachEpoch)
    var epochs: [Rows] = []
    for epoch in 0..<recipe.epochs {
      var iterator = train.makeIterator(epoch: epoch)
      var batches: [FeatureBatch] = []
      while let batch = try iterator.next() { batches.append(batch) }
      epochs.append(try Rows(FeatureBatch.concatenate(batches)))
    }
    let file = File(
      batchSize: recipe.batchSize, testBatchSize: recipe.testBatchSize, seed: recipe.seed,
      trainEpochs: epochs, test: try Rows(split.test))
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try AtomicFile.write(encoder.encode(file), to: folder.appendingPathComponent(fileName))
  }

  /// The three tutorial columns of some rows.
  struct Rows: Codable, Equatable {
    var userIDs: [String]
    var movieTitles: [String]
    var ratings: [Float]

    enum CodingKeys: String, CodingKey {
      case userIDs = "user_id", movieTitles = "movie_title", ratings = "user_rating"
    }

    init(_ batch: FeatureBatch) throws {
      do {
        userIDs = Array(try batch.string("user_id"))
        movieTitles = Array(try batch.string("movie_title"))
        ratings = try batch.float("user_rating")
      } catch {
        throw RecommenderError(component: "BatchExport", reason: "\(error)")
      }
    }
  }

  struct File: Codable, Equatable {
    var batchSize: Int
    var testBatchSize: Int
    var seed: UInt64
    var trainEpochs: [Rows]
    var test: Rows

    enum CodingKeys: String, CodingKey {
      case batchSize = "batch_size", testBatchSize = "test_batch_size", seed
      case trainEpochs = "train_epochs", test
    }
  }
}
