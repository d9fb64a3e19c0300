import Foundation
import ReelPipeline
import ReelTensor
import XCTest

@testable import ReelRecommenders

final class TrainerTests: XCTestCase {
  let data = SyntheticRatings()

  func makeRetrieval(seed: UInt64 = 3) throws -> BasicRetrievalModel {
    var rng = SplitMix64(seed: seed)
    return try BasicRetrievalModel(
      users: data.users, movies: data.movies, embeddingDimension: 8, ks: [1, 5, 10], using: &rng)
  }

  func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "reel-trainer-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
  }

  func testRetrievalTrainingLowersLossAndBeatsRandom() throws {
    let model = try makeRetrieval()
    let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.5))
    let history = try trainer.fit(
      train: data.dataset(0..<400, batch: 40), epochs: 6,
      validation: data.unshuffled(400..<480, batch: 40))
    XCTAssertEqual(history.epochs.count, 6)
    let losses = history["loss"].compactMap { $0 }
    XCTAssertEqual(losses.count, 6)
    XCTAssertLessThan(losses.last!, losses.first! * 0.95)
    // A random ranking puts the true movie in the top 5 of 30 with probability 1/6; the
    // planted groups (10 movies each) allow up to about 1/2.
    let top5 = try XCTUnwrap(
      history.epochs.last?.values["val_factorized_top_k/top_5_categorical_accuracy"])
    XCTAssertGreaterThan(top5, 0.3)
    XCTAssertEqual(history.epochs[0].rows, 400)
    XCTAssertEqual(history.epochs[0].steps, 10)
    XCTAssertNotNil(history.epochs[0].values["val_loss"])
    XCTAssertEqual(history.epochs[0].values["regularization_loss"], 0)
  }

  func testRankingTrainingBeatsMeanBaseline() throws {
    let data = SyntheticRatings(inGroupTenths: 5)
    var rng = SplitMix64(seed: 5)
    let model = try BasicRankingModel(
      users: data.users, movies: data.movies, embeddingDimension: 8, layerSizes: [16, 8, 1],
      using: &rng)
    let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.2))
    let history = try trainer.fit(
      train: data.dataset(0..<400, batch: 40), epochs: 15,
      validation: data.unshuffled(400..<480, batch: 80))
    let rmse = try XCTUnwrap(history.epochs.last?.values["val_root_mean_squared_error"])
    // Baseline: predict the training mean rating for everyone.
    let train = data.rows[0..<400].map { Double($0.rating) }
    let mean = train.reduce(0, +) / Double(train.count)
    let test = data.rows[400..<480].map { Double($0.rating) }
    let baseline = (test.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(test.count))
      .squareRoot()
    XCTAssertLessThan(rmse, baseline * 0.8, "rmse \(rmse), baseline \(baseline)")
    let losses = history["loss"].compactMap { $0 }
    XCTAssertLessThan(losses.last!, losses.first!)
  }

  func testResumedRunMatchesUninterruptedRunBitForBit() throws {
    let train = data.dataset(0..<400, batch: 32)  // 13 steps per epoch, the last partial
    let validation = data.unshuffled(400..<480, batch: 40)
    let reference = try makeRetrieval()
    let referenceHistory = try Trainer(model: reference, optimizer: Adagrad(learningRate: 0.2))
      .fit(train: train, epochs: 3, validation: validation)

    let folder = try temporaryFolder()
    // Stop mid-epoch 1 (step 18), then again at an epoch boundary (step 26), then finish.
    for stop in [18, 26, nil] as [Int?] {
      let model = try makeRetrieval()  // a fresh model each time: weights come from the checkpoint
      let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.2))
      let history = try trainer.fit(
        train: train, epochs: 3, validation: validation, checkpointDirectory: folder,
        checkpointEvery: 5, maxSteps: stop)
      let manifest = try XCTUnwrap(Checkpoint.manifest(in: folder))
      if let stop = stop {
        XCTAssertEqual(manifest.globalStep, stop)
        // A stop leaves its epoch open, even when no batch is left in it.
        XCTAssertEqual(history.epochs.count, (stop - 1) / 13)
      } else {
        XCTAssertEqual(manifest.globalStep, 39)
        XCTAssertEqual(manifest.epoch, 3)
        for (a, b) in zip(model.parameters, reference.parameters) {
          XCTAssertEqual(a.name, b.name)
          XCTAssertTrue(a.value.scalars == b.value.scalars, "\(a.name) differs after resuming")
        }
        XCTAssertEqual(history.epochs.count, 3)
        for (a, b) in zip(history.epochs, referenceHistory.epochs) {
          XCTAssertEqual(a.values, b.values)
          XCTAssertEqual(a.rows, b.rows)
          XCTAssertEqual(a.steps, b.steps)
        }
      }
    }
    // Only the latest checkpoint's files remain.
    let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    XCTAssertEqual(files, ["checkpoint.json", "history-39.json", "weights-39.safetensors"])
  }

  func testCallbackCanStopTraining() throws {
    final class StopAt: TrainingCallback {
      var seen: [Int] = []
      func stepDidEnd(_ progress: StepProgress, trainer: Trainer) {
        seen.append(progress.globalStep)
        if progress.globalStep == 4 { trainer.stopRequested = true }
      }
    }
    let stop = StopAt()
    let trainer = Trainer(
      model: try makeRetrieval(), optimizer: Adagrad(learningRate: 0.1), callbacks: [stop])
    let history = try trainer.fit(train: data.dataset(0..<400, batch: 40), epochs: 2)
    XCTAssertEqual(stop.seen, [1, 2, 3, 4])
    XCTAssertTrue(history.epochs.isEmpty)
  }

  func testHistoryCSVAndJSON() throws {
    let history = History(epochs: [
      EpochRecord(
        epoch: 0, values: ["loss": 2.5, "val_loss": 3], rows: 10, steps: 2, seconds: 0.5),
      EpochRecord(epoch: 1, values: ["loss": 1.5, "a,b": 1], rows: 10, steps: 2, seconds: 0.25),
    ])
    XCTAssertEqual(
      history.csv(),
      """
      epoch,"a,b",loss,val_loss,rows,steps,seconds,rows_per_second
      0,,2.5,3.0,10,2,0.5,20.0
      1,1.0,1.5,,10,2,0.25,40.0

      """)
    let folder = try temporaryFolder()
    let url = folder.appendingPathComponent("h.json")
    try history.writeJSON(to: url)
    XCTAssertEqual(try History(contentsOf: url), history)
  }

  func testCorruptCheckpointIsAClearError() throws {
    let folder = try temporaryFolder()
    try Data("{\"format\": \"other\"}".utf8).write(
      to: folder.appendingPathComponent(CheckpointManifest.fileName))
    let trainer = Trainer(model: try makeRetrieval(), optimizer: Adagrad(learningRate: 0.1))
    XCTAssertThrowsError(
      try trainer.fit(
        train: data.dataset(0..<40, batch: 40), epochs: 1, checkpointDirectory: folder)
    ) { error in
      XCTAssertTrue("\(error)".contains("checkpoint.json"), "\(error)")
    }
  }
}

/// One embedding row per id regressed onto 1 with an L2 penalty on the table: the optimum
/// shrinks towards 0, so the penalty must reach the gradient.
private final class PenalizedModel: RecommenderModel {
  let embedding = Embedding(
    table: Parameter(name: "e/embeddings", value: Tensor(shape: [2, 1], scalars: [0.5, 0.5])),
    embeddingsRegularizer: L2(0.5), name: "e")
  let task = Ranking(loss: .meanSquaredError)
  var parameters: [Parameter] { embedding.parameters }
  var tasks: [any RecommenderTask] { [task] }
  func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let ids = try batch.int32("id")
    return try task.loss(
      labels: Tensor(shape: [ids.count, 1], repeating: 1), predictions: embedding(ids, tape: tape))
  }
  func regularizationLosses(tape: Tape?) -> [Variable] {
    embedding.regularizationLosses(tape: tape)
  }
}

extension TrainerTests {
  func testRegularizationLossIsAddedToTheGradientAndReported() throws {
    let model = PenalizedModel()
    let trainer = Trainer(model: model, optimizer: SGD(learningRate: 0.1))
    let batch = try FeatureBatch([("id", .int32([0, 1]))])
    let step = try trainer.trainStep(batch)
    // loss = mean((0.5 - 1)²) = 0.25; penalty = 0.5 · (0.25 + 0.25) = 0.25.
    XCTAssertEqual(step.loss, 0.25, accuracy: 1e-6)
    XCTAssertEqual(step.regularizationLoss, 0.25, accuracy: 1e-6)
    XCTAssertEqual(step.totalLoss, 0.5, accuracy: 1e-6)
    // d/dw per row: MSE 2(w − 1)/2 = −0.5, penalty 2 · 0.5 · w = 0.5: zero net gradient.
    XCTAssertEqual(model.embedding.table.value.scalars, [0.5, 0.5])
    let values = try trainer.evaluate(Datasets.from([batch]))
    XCTAssertEqual(values["total_loss"]!, 0.5, accuracy: 1e-6)
    XCTAssertEqual(values["regularization_loss"]!, 0.25, accuracy: 1e-6)
  }
}
