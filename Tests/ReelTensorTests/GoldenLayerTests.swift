import ReelPipeline
import ReelTestSupport
import XCTest

@testable import ReelTensor

/// ReelTensor against TensorFlow 2.21 / tf-keras 2.21: `Fixtures/golden/layers.json`, made by
/// `Fixtures/golden/make_layers.py`.
final class GoldenLayerTests: XCTestCase {
  private func cases(_ op: String) throws -> [GoldenCase] {
    let found = try Golden.cases("layers.json", op: op)
    XCTAssertFalse(found.isEmpty, "no golden cases for \(op)")
    return found
  }

  func testDense() throws {
    for c in try cases("dense") {
      let activation = try XCTUnwrap(
        Activation(rawValue: c.params["activation"]?.stringValue ?? ""))
      let useBias = c.bool("use_bias")
      let layer = Dense(
        kernel: Parameter(name: "k", value: try c.inputTensor("kernel")),
        bias: useBias ? Parameter(name: "b", value: try c.inputTensor("bias")) : nil,
        activation: activation)
      let tape = Tape()
      let x = tape.watch(try c.inputTensor("x"))
      let y = try layer(x, tape: tape)
      let upstream = try c.inputTensor("upstream")
      let grads = tape.gradient(of: y, wrt: [x], seed: upstream)
      let weightGrads = tape.gradient(of: y, wrt: layer.parameters, seed: upstream)
      try assertClose(y.value, c.outputTensor("y"), c.name + " y")
      try assertClose(grads[0].densified(), c.outputTensor("dx"), c.name + " dx")
      try assertClose(weightGrads[0].densified(), c.outputTensor("dkernel"), c.name + " dkernel")
      if useBias {
        try assertClose(weightGrads[1].densified(), c.outputTensor("dbias"), c.name + " dbias")
      }
    }
  }

  func testEmbedding() throws {
    for c in try cases("embedding") {
      let table = try c.inputTensor("table")
      let layer = Embedding(
        table: Parameter(name: "t", value: table), maskZero: c.bool("mask_zero"))
      let idsTensor = try c.inputIntegers("ids")
      let tape = Tape()
      let y = try layer(
        idsTensor.values, batch: idsTensor.shape[0], time: idsTensor.shape[1], tape: tape)
      try assertClose(y.value, c.outputTensor("y"), c.name + " y")
      let expectedMask = try c.outputIntegers("mask").values.map { $0 != 0 }
      XCTAssertEqual(
        layer.mask(for: idsTensor.values) ?? expectedMask.map { _ in true }, expectedMask)
      let g = tape.gradient(of: y, wrt: [layer.table], seed: try c.inputTensor("upstream"))[0]
      guard case .sparse(let sparse) = g else { return XCTFail("\(c.name): dense gradient") }
      XCTAssertEqual(sparse.indices, Array(Set(idsTensor.values)).sorted())
      try assertClose(g.densified(), c.outputTensor("dtable"), c.name + " dtable")
    }
    var rng = SplitMix64(seed: 1)
    let layer = Embedding(inputDim: 4, outputDim: 2, name: "movie_embedding", using: &rng)
    XCTAssertThrowsError(try layer([1, 4], tape: nil)) { error in
      XCTAssertEqual("\(error)", "movie_embedding: id 4 is not in [0, 4)")
    }
  }

  func testLosses() throws {
    for c in try cases("loss") {
      let loss = c.params["loss"]?.stringValue ?? ""
      let reduction: LossReduction
      switch c.params["reduction"]?.stringValue {
      case "none": reduction = .none
      case "sum": reduction = .sum
      default: reduction = .sumOverBatchSize
      }
      let weights = try c.optionalInputTensor("sample_weight")?.scalars
      let tape = Tape()
      let predictions = tape.watch(try c.inputTensor("y_pred"))
      let value: Variable
      switch loss {
      case "categorical_crossentropy":
        value = softmaxCrossEntropy(
          logits: predictions, labels: try c.inputTensor("y_true"), reduction: reduction,
          sampleWeights: weights)
      case "sparse_categorical_crossentropy":
        value = softmaxCrossEntropy(
          logits: predictions, classes: try c.inputIntegers("y_true").values, reduction: reduction,
          sampleWeights: weights)
      case "mean_squared_error":
        value = meanSquaredError(
          predictions: predictions, labels: try c.inputTensor("y_true"), reduction: reduction,
          sampleWeights: weights)
      case "binary_crossentropy":
        value = binaryCrossEntropy(
          probabilities: predictions, labels: try c.inputTensor("y_true"), reduction: reduction,
          sampleWeights: weights)
      case "binary_crossentropy_logits":
        value = binaryCrossEntropy(
          logits: predictions, labels: try c.inputTensor("y_true"), reduction: reduction,
          sampleWeights: weights)
      default:
        return XCTFail("unknown loss \(loss)")
      }
      try assertClose(value.value, c.outputTensor("loss"), c.name + " loss")
      let g = tape.gradient(of: value, wrt: [predictions])[0].densified()
      try assertClose(g, c.outputTensor("dy_pred"), c.name + " gradient")
    }
  }

  func testPoolingNormalizationAndSoftmax() throws {
    for op in ["global_average_pooling_1d", "l2_normalize", "log_softmax", "softmax"] {
      for c in try cases(op) {
        let tape = Tape()
        let x = tape.watch(try c.inputTensor("x"))
        let y: Variable
        switch op {
        case "global_average_pooling_1d":
          let mask = try c.optionalInputIntegers("mask")?.values.map { $0 != 0 }
          y = try GlobalAveragePooling1D()(x, mask: mask)
        case "l2_normalize": y = x.l2Normalized()
        case "log_softmax": y = x.logSoftmax()
        default: y = x.softmax()
        }
        try assertClose(y.value, c.outputTensor("y"), c.name + " y")
        let g = tape.gradient(of: y, wrt: [x], seed: try c.inputTensor("upstream"))[0]
        try assertClose(g.densified(), c.outputTensor("dx"), c.name + " dx")
      }
    }
  }

  func testTopK() throws {
    for c in try cases("top_k") {
      let k = try XCTUnwrap(c.int("k"))
      let result = try c.inputTensor("x").topK(k)
      XCTAssertEqual(result.values, try c.outputTensor("values"), c.name)
      XCTAssertEqual(result.indices, try c.outputIntegers("indices").values, c.name)
    }
  }

  func testOptimizerSteps() throws {
    for c in try cases("optimizer") {
      guard case .object(let config)? = c.params["config"] else { return XCTFail(c.name) }
      let lr = Float(config["learning_rate"]?.doubleValue ?? 0)
      let momentum = Float(config["momentum"]?.doubleValue ?? 0)
      let optimizer: Optimizer
      switch c.params["optimizer"]?.stringValue {
      case "adagrad": optimizer = Adagrad(learningRate: lr)
      case "sgd":
        optimizer = SGD(
          learningRate: lr, momentum: momentum, nesterov: config["nesterov"]?.boolValue ?? false)
      case "adam": optimizer = Adam(learningRate: lr)
      default: return XCTFail("unknown optimizer in \(c.name)")
      }
      let weight = Parameter(name: "w", value: try c.inputTensor("weight"))
      guard case .object(let input) = c.input, let steps = input["steps"]?.arrayValue,
        case .object(let output) = c.output, let expected = output["weights"]?.arrayValue
      else { return XCTFail(c.name) }
      for (step, (gradientJSON, expectedJSON)) in zip(steps, expected).enumerated() {
        let gradient: Gradient
        if case .object(let sparse) = gradientJSON, let indices = sparse["indices"] {
          let rows = try XCTUnwrap(sparse["values"]).tensor()
          let ids = try indices.integers().values
          // Keras sums repeated indices before the update; coalescing does the same.
          gradient = .sparse(
            SparseRowGradient(indices: ids, rows: rows, denseShape: weight.value.shape).coalesced())
        } else {
          gradient = .dense(try gradientJSON.tensor())
        }
        optimizer.apply([gradient], to: [weight])
        try assertClose(weight.value, expectedJSON.tensor(), "\(c.name) step \(step + 1)")
      }
    }
  }

  func testRetrievalStepMatchesTensorFlow() throws {
    for c in try cases("retrieval_step") {
      let users = Parameter(name: "users", value: try c.inputTensor("users"))
      let movies = Parameter(name: "movies", value: try c.inputTensor("movies"))
      let userIDs = try c.inputIntegers("user_ids").values
      let movieIDs = try c.inputIntegers("movie_ids").values
      let tape = Tape()
      let q = tape.watch(users).gather(rows: userIDs)
      let candidates = tape.watch(movies).gather(rows: movieIDs)
      let scores = matmul(q, candidates, transposeB: true)
      let loss = softmaxCrossEntropy(
        logits: scores, classes: (0..<Int32(userIDs.count)).map { $0 }, reduction: .sum)
      let grads = tape.gradient(of: loss, wrt: [users, movies])
      let optimizer = Adagrad(learningRate: try c.inputTensor("learning_rate").scalar)
      optimizer.apply(grads, to: [users, movies])
      try assertClose(loss.value, c.outputTensor("loss"), "loss")
      try assertClose(users.value, c.outputTensor("users"), "users")
      try assertClose(movies.value, c.outputTensor("movies"), "movies")
    }
  }
}

extension GoldenCase {
  fileprivate func named(_ object: JSONValue, _ key: String) throws -> JSONValue {
    guard case .object(let fields) = object, let value = fields[key] else {
      throw TestFailure("\(name): no tensor '\(key)'")
    }
    return value
  }

  func inputTensor(_ key: String) throws -> Tensor { try named(input, key).tensor() }
  func outputTensor(_ key: String) throws -> Tensor { try named(output, key).tensor() }
  func inputIntegers(_ key: String) throws -> (shape: [Int], values: [Int32]) {
    try named(input, key).integers()
  }
  func outputIntegers(_ key: String) throws -> (shape: [Int], values: [Int32]) {
    try named(output, key).integers()
  }
  func optionalInputTensor(_ key: String) throws -> Tensor? {
    guard case .object(let fields) = input, fields[key] != nil else { return nil }
    return try inputTensor(key)
  }
  func optionalInputIntegers(_ key: String) throws -> (shape: [Int], values: [Int32])? {
    guard case .object(let fields) = input, fields[key] != nil else { return nil }
    return try inputIntegers(key)
  }
  func optionalOutputTensor(_ key: String) throws -> Tensor? {
    guard case .object(let fields) = output, fields[key] != nil else { return nil }
    return try outputTensor(key)
  }
}

extension JSONValue {
  var doubleValue: Double? {
    switch self {
    case .double(let v): return v
    case .int(let v): return Double(v)
    case .uint(let v): return Double(v)
    default: return nil
    }
  }

  /// `{"shape", "values"}` as a float tensor.
  func tensor() throws -> Tensor {
    guard case .object(let fields) = self, let shape = fields["shape"]?.intArray,
      let values = fields["values"]?.arrayValue
    else { throw TestFailure("not a {shape, values} tensor") }
    let scalars = values.compactMap(\.doubleValue).map { Float($0) }
    guard scalars.count == values.count else { throw TestFailure("non-numeric tensor values") }
    return Tensor(shape: shape, scalars: scalars)
  }

  /// `{"shape", "values"}` with integer values.
  func integers() throws -> (shape: [Int], values: [Int32]) {
    guard case .object(let fields) = self, let shape = fields["shape"]?.intArray,
      let values = fields["values"]?.intArray
    else { throw TestFailure("not an integer {shape, values} tensor") }
    return (shape, values.map { Int32($0) })
  }
}
