import Foundation
import ReelPipeline
import XCTest

@testable import ReelRecommenders

final class BatchExportTests: XCTestCase {
  private func export(_ recipe: TrainingRecipe, _ split: RatingsSplit) throws -> BatchExport.File {
    let folder = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-batch-export-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: folder) }
    try BatchExport.write(split: split, recipe: recipe, to: folder)
    let data = try Data(contentsOf: folder.appendingPathComponent(BatchExport.fileName))
    let object = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    XCTAssertEqual(
      Set(object.keys), ["batch_size", "test_batch_size", "seed", "train_epochs", "test"])
    return try JSONDecoder().decode(BatchExport.File.self, from: data)
  }

  func testWritesEachEpochsTrainingRowsInBatchOrderAndTheTestRows() throws {
    let data = try TutorialRatings(path: TinyRelease.paths.folder.path)
    var recipe = TrainingRecipe(task: .ranking)
    recipe.epochs = 2
    recipe.batchSize = 300
    recipe.seed = 7
    let split = data.split(seed: recipe.seed)
    let file = try export(recipe, split)
    XCTAssertEqual(file.batchSize, 300)
    XCTAssertEqual(file.testBatchSize, 4096)
    XCTAssertEqual(file.seed, 7)
    XCTAssertEqual(file.trainEpochs.count, 2)
    var iterator = split.trainBatches(batchSize: 300, seed: 7, reshuffleEachEpoch: false)
      .makeIterator(epoch: 0)
    var batches: [FeatureBatch] = []
    while let batch = try iterator.next() { batches.append(batch) }
    XCTAssertEqual(batches.map(\.rowCount), [300, 300, 200])
    let expected = try BatchExport.Rows(FeatureBatch.concatenate(batches))
    XCTAssertEqual(file.trainEpochs[0], expected)
    XCTAssertEqual(file.trainEpochs[1], expected, "the tutorials replay the first epoch's order")
    XCTAssertNotEqual(file.trainEpochs[0], try BatchExport.Rows(split.train), "not shuffled")
    XCTAssertEqual(file.test, try BatchExport.Rows(split.test))
  }

  func testReshufflingExportsADifferentOrderPerEpoch() throws {
    let data = try TutorialRatings(path: TinyRelease.paths.folder.path)
    var recipe = TrainingRecipe(task: .ranking)
    recipe.epochs = 2
    recipe.reshuffleEachEpoch = true
    let file = try export(recipe, data.split(seed: recipe.seed))
    XCTAssertNotEqual(file.trainEpochs[0], file.trainEpochs[1])
    XCTAssertEqual(file.trainEpochs[0].ratings.sorted(), file.trainEpochs[1].ratings.sorted())
  }
}
