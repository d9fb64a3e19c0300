import ReelPipeline
import XCTest

@testable import ReelTensor

/// `embeddingDense` (Dense over concatenated embedding lookups, folded or not) against the
/// unfused composition gather → concat → matmul → bias → activation, finite differences, and a
/// few Adagrad steps.
final class EmbeddingDenseTests: XCTestCase {
  var rng = SplitMix64(seed: 2024)

  /// Two tables, ids drawn with many repeats, and the kernel and bias.
  struct Case {
    var tables: [Tensor]
    var ids: [[Int32]]
    var kernel: Tensor
    var bias: Tensor
  }

  func makeCase(rows: [Int], widths: [Int], outputs: Int, batch: Int) -> Case {
    Case(
      tables: zip(rows, widths).map { randomTensor([$0, $1], &rng) },
      ids: rows.map { r in (0..<batch).map { _ in Int32.random(in: 0..<Int32(r), using: &rng) } },
      kernel: randomTensor([widths.reduce(0, +), outputs], &rng, in: -0.5...0.5),
      bias: randomTensor([outputs], &rng))
  }

  /// The value and the gradients (tables densified, then kernel, bias) for `upstream`.
  func run(
    _ c: Case, _ activation: Activation, _ folding: EmbeddingDenseFolding?, upstream: Tensor
  ) -> [Tensor] {
    let tape = Tape()
    let tables = c.tables.map { tape.watch($0) }
    let (w, b) = (tape.watch(c.kernel), tape.watch(c.bias))
    let y: Variable
    if let folding = folding {
      y = embeddingDense(
        tables: tables, ids: c.ids, kernel: w, bias: b, activation: activation, folding: folding)
    } else {
      let x = concat(zip(tables, c.ids).map { $0.gather(rows: $1) }, axis: 1)
      y = activation.apply(matmul(x, w) + b)
    }
    return [y.value]
      + tape.gradient(of: y, wrt: tables + [w, b], seed: upstream).map { $0.densified() }
  }

  /// max |a − e| over max |e|: the error relative to the tensor's scale.
  func relativeError(_ a: Tensor, _ e: Tensor) -> Float {
    let scale = e.scalars.map(abs).max() ?? 0
    let worst = zip(a.scalars, e.scalars).map { abs($0 - $1) }.max() ?? 0
    return worst / max(scale, 1e-30)
  }

  func assertMatchesUnfused(
    _ c: Case, _ activation: Activation, _ folding: EmbeddingDenseFolding,
    line: UInt = #line
  ) {
    let upstream = randomTensor([c.ids[0].count, c.kernel.shape[1]], &rng)
    let actual = run(c, activation, folding, upstream: upstream)
    let expected = run(c, activation, nil, upstream: upstream)
    let labels = ["y"] + c.tables.indices.map { "dE\($0)" } + ["dW", "db"]
    for (label, (a, e)) in zip(labels, zip(actual, expected)) {
      XCTAssertEqual(a.shape, e.shape, label, line: line)
      XCTAssertLessThan(
        relativeError(a, e), 1e-5, "\(label) \(activation) \(folding)", line: line)
    }
  }

  func testFoldedAndPlainEqualUnfusedCompositionForEveryActivation() {
    let c = makeCase(rows: [7, 11], widths: [3, 5], outputs: 6, batch: 40)
    for activation in Activation.allCases {
      for folding in [EmbeddingDenseFolding.always, .never] {
        assertMatchesUnfused(c, activation, folding)
      }
    }
  }

  /// Large enough for the register-kernel products and the multi-threaded sweeps, with a
  /// third table and a width that is not a multiple of 8 on the BLAS path.
  func testFoldedEqualsUnfusedOnLargeBatches() {
    let big = makeCase(rows: [150, 300], widths: [16, 16], outputs: 64, batch: 1024)
    XCTAssertTrue(AffineKernel.prefersRegisterKernel(m: 150, n: 64, d: 16) || !RowKernels.usesAVX2)
    assertMatchesUnfused(big, .relu, .always)
    assertMatchesUnfused(big, .linear, .always)
    let odd = makeCase(rows: [40, 9, 60], widths: [4, 6, 3], outputs: 37, batch: 2000)
    assertMatchesUnfused(odd, .relu, .always)
    assertMatchesUnfused(odd, .tanh, .always)
  }

  func testGradientsMatchFiniteDifferences() {
    for activation in [Activation.linear, .tanh, .relu] {
      var c = makeCase(rows: [4, 5], widths: [2, 3], outputs: 3, batch: 9)
      // Keep ReLU's pre-activations clear of the kink at 0.
      while activation == .relu
        && run(c, .linear, .never, upstream: Tensor(shape: [9, 3], repeating: 1))[0].scalars
          .contains(where: { abs($0) < 0.05 })
      {
        c = makeCase(rows: [4, 5], widths: [2, 3], outputs: 3, batch: 9)
      }
      for folding in [EmbeddingDenseFolding.always, .never] {
        assertGradientsMatchFiniteDifferences(c.tables + [c.kernel, c.bias]) { v in
          embeddingDense(
            tables: Array(v[0..<2]), ids: c.ids, kernel: v[2], bias: v[3],
            activation: activation, folding: folding)
        }
      }
    }
  }

  func testTableGradientIsSparseOverTheTouchedRows() {
    let c = makeCase(rows: [20, 6], widths: [2, 2], outputs: 3, batch: 8)
    let tape = Tape()
    let tables = c.tables.map { tape.watch($0) }
    let y = embeddingDense(
      tables: tables, ids: c.ids, kernel: tape.watch(c.kernel), bias: nil, activation: .linear,
      folding: .always)
    let grads = tape.gradient(of: y, wrt: tables)
    for (t, gradient) in grads.enumerated() {
      guard case .sparse(let sparse) = gradient else { return XCTFail("table \(t) is dense") }
      XCTAssertEqual(sparse.indices, Array(Set(c.ids[t])).sorted())
      XCTAssertEqual(sparse.denseShape, c.tables[t].shape)
    }
  }

  /// The automatic choice, seen through the tape: the plain path records a gather per table
  /// and a concatenation before the Dense operation; the folded path records one operation.
  func testAutomaticFoldsOnlyWhenFewDistinctIds() {
    func recordedNodes(rows: Int, batch: Int) -> Int {
      let c = makeCase(rows: [rows, rows], widths: [32, 32], outputs: 64, batch: batch)
      let tape = Tape()
      let tables = c.tables.map { tape.watch($0) }
      _ = embeddingDense(
        tables: tables, ids: c.ids, kernel: tape.watch(c.kernel), bias: tape.watch(c.bias),
        activation: .relu)
      return tape.count - 4
    }
    XCTAssertEqual(recordedNodes(rows: 20, batch: 600), 1)
    XCTAssertEqual(recordedNodes(rows: 5000, batch: 600), 4)
    // ML-100K and ML-1M vocabularies at batch 8192 fold; distinct ids of a huge table do not.
    for (users, movies) in [(943, 1669), (4482, 3300)] {
      XCTAssertTrue(
        EmbeddingDenseKernel.foldingPays(
          touched: [users, movies], widths: [32, 32], batch: 8192, outputs: 256, recorded: true))
    }
    XCTAssertFalse(
      EmbeddingDenseKernel.foldingPays(
        touched: [8192, 8000], widths: [32, 32], batch: 8192, outputs: 256, recorded: true))
  }

  /// The recorded operation must not keep its tape alive (a backward closure that captured a
  /// Variable would: the Variable holds the tape, the tape holds the closure).
  func testTapeIsReleasedAfterTheStep() {
    let c = makeCase(rows: [5, 6], widths: [2, 2], outputs: 3, batch: 10)
    weak var released: Tape?
    do {
      let tape = Tape()
      released = tape
      let tables = c.tables.map { tape.watch($0) }
      let y = embeddingDense(
        tables: tables, ids: c.ids, kernel: tape.watch(c.kernel), bias: tape.watch(c.bias),
        activation: .relu, folding: .always)
      _ = tape.gradient(of: y.sum(), wrt: tables)
    }
    XCTAssertNil(released)
  }

  func testTouchedRowsBySlotsAndBySorting() {
    for tableRows in [12, 1_000_000] {  // slots, then sorting (more than 8·n + 1024 rows)
      let ids: [Int32] = [9, 3, 9, 0, 11, 3, 3]
      let touched = TouchedRows(ids: ids, tableRows: tableRows)
      XCTAssertEqual(touched.unique, [0, 3, 9, 11])
      XCTAssertEqual(touched.local.map { touched.unique[Int($0)] }, ids)
    }
    XCTAssertEqual(TouchedRows(ids: [], tableRows: 3).unique, [])
  }

  func testEmptyBatchAndConstants() {
    let c = makeCase(rows: [3, 4], widths: [2, 2], outputs: 5, batch: 0)
    for folding in [EmbeddingDenseFolding.always, .never] {
      let tape = Tape()
      let tables = c.tables.map { tape.watch($0) }
      let w = tape.watch(c.kernel)
      let y = embeddingDense(
        tables: tables, ids: c.ids, kernel: w, bias: nil, activation: .relu, folding: folding)
      XCTAssertEqual(y.shape, [0, 5])
      let grads = tape.gradient(of: y.sum(), wrt: tables + [w])
      XCTAssertEqual(grads[2].densified(), Tensor(shape: [4, 5]))
      XCTAssertTrue(grads[0].densified().scalars.allSatisfy { $0 == 0 })
    }
    let constant = embeddingDense(
      tables: c.tables.map { Variable(constant: $0) }, ids: [[1], [2]],
      kernel: Variable(constant: c.kernel), bias: nil, activation: .linear, folding: .always)
    XCTAssertFalse(constant.isRecorded)
    XCTAssertEqual(constant.shape, [1, 5])
  }

  /// A few Adagrad steps of embeddings + MLP 16 → 8 → 1 with MSE, through the folded and
  /// plain calls, against the gather → concat → MLP path: the same weights to float
  /// tolerance (plain: bit for bit).
  func testAdagradStepsGiveTheSameWeights() throws {
    func model() throws -> (users: Embedding, movies: Embedding, mlp: MLP) {
      var seeded = SplitMix64(seed: 31)
      return (
        Embedding(inputDim: 30, outputDim: 8, name: "user", using: &seeded),
        Embedding(inputDim: 50, outputDim: 8, name: "movie", using: &seeded),
        try MLP(inputSize: 16, layerSizes: [16, 8, 1], name: "ratings", using: &seeded)
      )
    }
    var data = SplitMix64(seed: 32)
    let batches = (0..<4).map { _ in
      (
        (0..<200).map { _ in Int32.random(in: 0..<30, using: &data) },
        (0..<200).map { _ in Int32.random(in: 0..<50, using: &data) },
        Tensor(
          shape: [200, 1],
          scalars: (0..<200).map { _ in Float(Int.random(in: 1...5, using: &data)) })
      )
    }
    func train(_ folding: EmbeddingDenseFolding?) throws -> [Tensor] {
      let (users, movies, mlp) = try model()
      let parameters = users.parameters + movies.parameters + mlp.parameters
      let optimizer = Adagrad(learningRate: 0.1)
      for (userIDs, movieIDs, ratings) in batches {
        let tape = Tape()
        let predictions: Variable
        if let folding = folding {
          predictions = try mlp(
            [users, movies], ids: [userIDs, movieIDs], tape: tape, folding: folding)
        } else {
          predictions = try mlp(
            concat([users(userIDs, tape: tape), movies(movieIDs, tape: tape)], axis: 1), tape: tape)
        }
        let loss = meanSquaredError(predictions: predictions, labels: ratings)
        optimizer.apply(tape.gradient(of: loss, wrt: parameters), to: parameters)
      }
      return parameters.map(\.value)
    }
    let reference = try train(nil)
    XCTAssertEqual(try train(.never), reference)
    for (a, e) in zip(try train(.always), reference) {
      XCTAssertLessThan(relativeError(a, e), 1e-5)
    }
    let (users, movies, mlp) = try model()
    XCTAssertEqual(
      (users.parameters + movies.parameters + mlp.parameters).map(\.name),
      [
        "user/embeddings", "movie/embeddings", "ratings/dense/kernel", "ratings/dense/bias",
        "ratings/dense_1/kernel", "ratings/dense_1/bias", "ratings/dense_2/kernel",
        "ratings/dense_2/bias",
      ])
  }

  func testLayerErrorsNameTheLayer() throws {
    var seeded = SplitMix64(seed: 1)
    let users = Embedding(inputDim: 3, outputDim: 2, name: "user", using: &seeded)
    let movies = Embedding(inputDim: 4, outputDim: 2, name: "movie", using: &seeded)
    let dense = Dense(inputSize: 4, outputSize: 2, name: "dense", using: &seeded)
    XCTAssertThrowsError(try dense([users, movies], ids: [[0], [4]], tape: nil)) {
      XCTAssertEqual(($0 as? LayerError)?.layer, "movie")
    }
    XCTAssertThrowsError(try dense([users], ids: [[0]], tape: nil)) {
      XCTAssertEqual(($0 as? LayerError)?.layer, "dense")
    }
    XCTAssertThrowsError(try dense([users, movies], ids: [[0], [1, 2]], tape: nil)) {
      XCTAssertEqual(($0 as? LayerError)?.layer, "dense")
    }
    XCTAssertEqual(try dense([users, movies], ids: [[0, 2], [1, 3]], tape: nil).shape, [2, 2])
  }
}
