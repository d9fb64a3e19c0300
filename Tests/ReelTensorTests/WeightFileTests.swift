import Foundation
import ReelPipeline
import XCTest

@testable import ReelTensor

final class WeightFileTests: XCTestCase {
  private var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-weights-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// A small model: an embedding table (sparse gradients) and a dense kernel and bias.
  private func model(seed: UInt64) -> [Parameter] {
    var rng = SplitMix64(seed: seed)
    return [
      Parameter(name: "movie/embeddings", value: randomTensor([6, 3], &rng)),
      Parameter(name: "dense/kernel", value: randomTensor([3, 2], &rng)),
      Parameter(name: "dense/bias", value: randomTensor([2], &rng)),
    ]
  }

  private func gradients(step: Int) -> [Gradient] {
    var rng = SplitMix64(seed: UInt64(100 + step))
    return [
      .sparse(
        SparseRowGradient(
          indices: [Int32(step % 6), 4], rows: randomTensor([2, 3], &rng), denseShape: [6, 3])),
      .dense(randomTensor([3, 2], &rng)),
      .dense(randomTensor([2], &rng)),
    ]
  }

  /// Training 2 steps, saving, loading into a fresh model and optimizer and training a third
  /// step gives exactly what training 3 steps without interruption gives.
  func testResumedTrainingMatchesUninterruptedTrainingForEveryOptimizer() throws {
    let makers: [() -> any Optimizer] = [
      { Adagrad(learningRate: 0.1) },
      { Adam(learningRate: 0.01) },
      { SGD(learningRate: 0.05, momentum: 0.9, nesterov: true) },
      { SGD(learningRate: 0.05) },
      {
        Adam(
          learningRate: ExponentialDecay(initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5))
      },
    ]
    for make in makers {
      let reference = model(seed: 1)
      let referenceOptimizer = make()
      for step in 0..<3 { referenceOptimizer.apply(gradients(step: step), to: reference) }

      let first = model(seed: 1)
      let optimizer = make()
      for step in 0..<2 { optimizer.apply(gradients(step: step), to: first) }
      let url = directory.appendingPathComponent("\(optimizer.name).safetensors")
      try WeightFile.save(first, optimizer: optimizer, metadata: ["run": "test"], to: url)

      let resumed = model(seed: 2)
      let resumedOptimizer = make()
      try WeightFile.load(into: resumed, optimizer: resumedOptimizer, from: url)
      XCTAssertEqual(resumedOptimizer.iterations, 2)
      XCTAssertEqual(resumedOptimizer.state(for: resumed), optimizer.state(for: first))
      resumedOptimizer.apply(gradients(step: 2), to: resumed)
      XCTAssertEqual(resumed.map(\.value), reference.map(\.value), optimizer.name)
      XCTAssertEqual(
        resumedOptimizer.state(for: resumed), referenceOptimizer.state(for: reference),
        optimizer.name)
    }
  }

  func testFileLayoutNamesParametersSlotsAndMetadata() throws {
    let parameters = model(seed: 1)
    let optimizer = Adam(learningRate: 0.01)
    optimizer.clipping = .globalNorm(2)
    optimizer.apply(gradients(step: 0), to: parameters)
    let url = directory.appendingPathComponent("w.safetensors")
    try WeightFile.save(parameters, optimizer: optimizer, to: url)
    let file = try SafeTensorsFile(contentsOf: url)
    XCTAssertEqual(
      file.tensors.keys.sorted(),
      [
        "dense/bias", "dense/kernel", "movie/embeddings", "optimizer/iterations",
        "optimizer/m/dense/bias", "optimizer/m/dense/kernel", "optimizer/m/movie/embeddings",
        "optimizer/v/dense/bias", "optimizer/v/dense/kernel", "optimizer/v/movie/embeddings",
      ])
    XCTAssertEqual(file.tensors["optimizer/iterations"], .int64(shape: [], values: [1]))
    XCTAssertEqual(file.metadata["format"], "reel-weights")
    XCTAssertEqual(file.metadata["optimizer"], "Adam")
    XCTAssertEqual(file.metadata["optimizer.clipping"], "global_clipnorm=2.0")
    XCTAssertEqual(file.metadata["optimizer.beta_2"], "0.999")
  }

  func testLoadReportsEveryDifferenceAndChangesNothing() throws {
    let url = directory.appendingPathComponent("w.safetensors")
    try WeightFile.save(model(seed: 1), to: url)
    var rng = SplitMix64(seed: 9)
    let other = [
      Parameter(name: "movie/embeddings", value: randomTensor([7, 3], &rng)),
      Parameter(name: "dense/kernel", value: randomTensor([3, 2], &rng)),
      Parameter(name: "rating/bias", value: randomTensor([1], &rng)),
    ]
    let before = other.map(\.value)
    XCTAssertThrowsError(try WeightFile.load(into: other, from: url)) { error in
      XCTAssertEqual(
        "\(error)",
        """
        \(url.path): does not match the model (3 differences):
          'movie/embeddings' has shape [6, 3] in the file, the model has [7, 3]
          missing 'rating/bias' (F32 [1])
          unexpected 'dense/bias' (F32 [2]), not in the model
        """)
    }
    XCTAssertEqual(other.map(\.value), before, "a failed load must change nothing")
  }

  func testOptimizerStateMustBePresentAndOfTheSameKind() throws {
    let parameters = model(seed: 1)
    let plain = directory.appendingPathComponent("plain.safetensors")
    try WeightFile.save(parameters, to: plain)
    XCTAssertThrowsError(try WeightFile.load(into: parameters, optimizer: Adagrad(), from: plain)) {
      XCTAssertTrue("\($0)".contains("holds no optimizer state"), "\($0)")
    }
    let withAdam = directory.appendingPathComponent("adam.safetensors")
    try WeightFile.save(parameters, optimizer: Adam(), to: withAdam)
    XCTAssertThrowsError(
      try WeightFile.load(into: parameters, optimizer: Adagrad(), from: withAdam)
    ) {
      XCTAssertTrue("\($0)".contains("holds Adam state, not Adagrad state"), "\($0)")
    }
    // Without an optimizer, parameters load and the optimizer state is ignored.
    let fresh = model(seed: 5)
    try WeightFile.load(into: fresh, from: withAdam)
    XCTAssertEqual(fresh.map(\.value), parameters.map(\.value))
    // A file whose slot has the wrong dtype is caught.
    var file = try SafeTensorsFile(contentsOf: withAdam)
    file.tensors["optimizer/iterations"] = .float32(Tensor(1))
    try file.write(to: withAdam)
    XCTAssertThrowsError(try WeightFile.load(into: parameters, optimizer: Adam(), from: withAdam)) {
      XCTAssertTrue(
        "\($0)".contains("'optimizer/iterations' is F32 in the file, expected I64"), "\($0)")
    }
  }

  func testBadNamesAndForeignFilesAreRejected() throws {
    let url = directory.appendingPathComponent("w.safetensors")
    let duplicate = [
      Parameter(name: "a", value: Tensor(1)), Parameter(name: "a", value: Tensor(2)),
    ]
    XCTAssertThrowsError(try WeightFile.save(duplicate, to: url)) {
      XCTAssertTrue("\($0)".contains("two parameters are named 'a'"), "\($0)")
    }
    XCTAssertThrowsError(
      try WeightFile.save([Parameter(name: "optimizer/x", value: Tensor(1))], to: url))
    XCTAssertThrowsError(try WeightFile.save(model(seed: 1), metadata: ["format": "x"], to: url))
    try SafeTensorsFile(tensors: ["a": .float32(Tensor(1))]).write(to: url)
    XCTAssertThrowsError(
      try WeightFile.load(into: [Parameter(name: "a", value: Tensor(0))], from: url)
    ) {
      XCTAssertTrue("\($0)".contains("not a Reel weight file"), "\($0)")
    }
  }
}
