import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

final class PeriodicValidationTests: XCTestCase {
  let data = SyntheticRatings()

  func makeTrainer(_ callbacks: [any TrainingCallback]) throws -> Trainer {
    var rng = SplitMix64(seed: 3)
    let model = try BasicRetrievalModel(
      users: data.users, movies: data.movies, embeddingDimension: 8, ks: [1, 5], using: &rng)
    return Trainer(model: model, optimizer: Adagrad(learningRate: 0.5), callbacks: callbacks)
  }

  func testValidatesOnMultiplesOfTheFrequencyAndTheLastEpoch() throws {
    let validation = PeriodicValidation(data: data.unshuffled(400..<480, batch: 40), frequency: 3)
    let trainer = try makeTrainer([validation])
    try trainer.fit(train: data.dataset(0..<400, batch: 40), epochs: 7)
    XCTAssertNil(validation.error)
    XCTAssertEqual(validation.records.map(\.epoch), [3, 6, 7])
    // The last record is what `evaluate` gives for the trained model.
    XCTAssertEqual(validation.records[2].values, try trainer.evaluate(validation.data))
    // The first is what it gives after 3 epochs: the same run stopped there.
    let three = try makeTrainer([])
    try three.fit(train: data.dataset(0..<400, batch: 40), epochs: 3)
    XCTAssertEqual(validation.records[0].values, try three.evaluate(validation.data))
    XCTAssertNotEqual(validation.records[0].values["loss"], validation.records[2].values["loss"])
    // A second fit starts a new list.
    try trainer.fit(train: data.dataset(0..<400, batch: 40), epochs: 2)
    XCTAssertEqual(validation.records.map(\.epoch), [2])
  }

  func testAFailingEvaluationStopsFitAndIsKept() throws {
    let broken = Datasets.from(Array(data.rows[400..<440]))
      .batch(size: 40, columns: [.string("user_id") { $0.user }]).eraseToAnyDataset()
    let validation = PeriodicValidation(data: broken, frequency: 2)
    let trainer = try makeTrainer([validation])
    let history = try trainer.fit(train: data.dataset(0..<400, batch: 40), epochs: 6)
    XCTAssertNotNil(validation.error)
    XCTAssertTrue(validation.records.isEmpty)
    XCTAssertEqual(history.epochs.count, 2, "fit stops after the failed validation")
  }
}
