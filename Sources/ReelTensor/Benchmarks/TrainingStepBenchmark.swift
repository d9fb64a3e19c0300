/// One training step of a TensorFlow Recommenders tutorial model, built and timed: the
/// figures `reel bench step` reports.
///
/// - ``retrieval(users:movies:dimension:batch:seed:)``: basic retrieval. Two embedding towers,
///   in-batch softmax over the `batch × batch` scores (TFRS `Retrieval`, SUM reduction) with
///   the fused ``dotProductSoftmaxCrossEntropy(queries:candidates:classes:temperature:columnOffsets:reduction:sampleWeights:)``,
///   Adagrad(0.1).
/// - ``ranking(users:movies:dimension:batch:seed:folding:)``: basic ranking. User and movie
///   embeddings, concatenated, then Dense 256 relu → 64 relu → 1, mean squared error against
///   ratings, Adagrad(0.1). The first layer folds into the tables when that is cheaper (see
///   ``embeddingDense(tables:ids:kernel:bias:activation:folding:)``).
///
/// Each step runs forward, backward and the optimizer update on one of a few pre-drawn
/// batches (ids and ratings are drawn once, so drawing is not timed).
///
///     let bench = TrainingStepBenchmark.retrieval(users: 943, movies: 1682, batch: 8192)
///     let seconds = bench.time(steps: 5, warmUp: 1)   // one figure per timed step
///     bench.matmulFLOPs                               // 6 · 8192² · 32
public final class TrainingStepBenchmark {
  /// The model's name (`"retrieval"`, `"ranking"`).
  public let name: String
  /// The floating-point operations of one step's matrix products (forward and backward).
  public let matmulFLOPs: Double
  private let step: (Int) -> Float

  private init(name: String, matmulFLOPs: Double, step: @escaping (Int) -> Float) {
    self.name = name
    self.matmulFLOPs = matmulFLOPs
    self.step = step
  }

  /// Runs one step on batch `index` (cycling through the pre-drawn batches); returns the loss.
  @discardableResult
  public func runStep(_ index: Int) -> Float { step(index) }

  /// Runs `warmUp` untimed steps, then `steps` timed ones; returns each timed step's seconds.
  ///
  /// - Precondition: the losses stay finite.
  public func time(steps: Int, warmUp: Int) -> [Double] {
    precondition(steps > 0 && warmUp >= 0, "TrainingStepBenchmark: steps must be positive")
    for i in 0..<warmUp { precondition(step(i).isFinite, "\(name): loss is not finite") }
    let clock = ContinuousClock()
    return (0..<steps).map { i in
      var loss: Float = 0
      let elapsed = clock.measure { loss = step(warmUp + i) }
      precondition(loss.isFinite, "\(name): loss is not finite")
      let parts = elapsed.components
      return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
  }

  /// The basic-retrieval step with `users` × `dimension` and `movies` × `dimension` tables.
  public static func retrieval(
    users: Int, movies: Int, dimension: Int = 32, batch: Int = 8192, seed: UInt64 = 1
  ) -> TrainingStepBenchmark {
    var rng = BenchmarkRNG(seed: seed)
    let userTable = Parameter(
      name: "user/embeddings",
      value: Initializers.uniform(shape: [users, dimension], in: -0.05..<0.05, using: &rng))
    let movieTable = Parameter(
      name: "movie/embeddings",
      value: Initializers.uniform(shape: [movies, dimension], in: -0.05..<0.05, using: &rng))
    let batches = (0..<4).map { _ in
      (
        (0..<batch).map { _ in Int32.random(in: 0..<Int32(users), using: &rng) },
        (0..<batch).map { _ in Int32.random(in: 0..<Int32(movies), using: &rng) }
      )
    }
    let classes = (0..<Int32(batch)).map { $0 }
    let parameters = [userTable, movieTable]
    let optimizer = Adagrad(learningRate: 0.1)
    return TrainingStepBenchmark(
      name: "retrieval", matmulFLOPs: 6 * Double(batch) * Double(batch) * Double(dimension)
    ) { index in
      let (userIDs, movieIDs) = batches[index % batches.count]
      let tape = Tape()
      let queries = tape.watch(userTable).gather(rows: userIDs)
      let candidates = tape.watch(movieTable).gather(rows: movieIDs)
      let loss = dotProductSoftmaxCrossEntropy(
        queries: queries, candidates: candidates, classes: classes)
      optimizer.apply(tape.gradient(of: loss, wrt: parameters), to: parameters)
      return loss.value.scalar
    }
  }

  /// The basic-ranking step: embeddings of `dimension`, Dense 256 relu → 64 relu → 1, MSE.
  ///
  /// The first Dense layer runs through
  /// ``embeddingDense(tables:ids:kernel:bias:activation:folding:)`` with `folding`: by default
  /// it multiplies each batch's distinct table rows instead of the gathered batch when that
  /// is cheaper (see ``matmulFLOPs``, counted for the products the step actually runs);
  /// ``EmbeddingDenseFolding/never`` gives the gather → concatenate → Dense step.
  public static func ranking(
    users: Int, movies: Int, dimension: Int = 32, batch: Int = 8192, seed: UInt64 = 1,
    folding: EmbeddingDenseFolding = .automatic
  ) -> TrainingStepBenchmark {
    var rng = BenchmarkRNG(seed: seed)
    let userEmbedding = Embedding(inputDim: users, outputDim: dimension, name: "user", using: &rng)
    let movieEmbedding = Embedding(
      inputDim: movies, outputDim: dimension, name: "movie", using: &rng)
    let widths = [2 * dimension, 256, 64, 1]
    let layers = (0..<3).map { i in
      Dense(
        inputSize: widths[i], outputSize: widths[i + 1], activation: i < 2 ? .relu : .linear,
        name: "dense_\(i)", using: &rng)
    }
    let parameters =
      userEmbedding.parameters + movieEmbedding.parameters + layers.flatMap(\.parameters)
    let batches = (0..<4).map { _ in
      (
        (0..<batch).map { _ in Int32.random(in: 0..<Int32(users), using: &rng) },
        (0..<batch).map { _ in Int32.random(in: 0..<Int32(movies), using: &rng) },
        Tensor(
          shape: [batch, 1],
          scalars: (0..<batch).map { _ in Float(Int.random(in: 1...5, using: &rng)) })
      )
    }
    let optimizer = Adagrad(learningRate: 0.1)
    // Forward, kernel gradient and input gradient of each layer (the first layer's input
    // feeds the embeddings, so it needs one too). The first layer's products are averaged
    // over the pre-drawn batches: folded, they multiply each batch's distinct table rows.
    var flops = 0.0
    for i in 1..<3 {
      flops += 3 * 2 * Double(batch) * Double(widths[i]) * Double(widths[i + 1])
    }
    for (userIDs, movieIDs, _) in batches {
      let touched = [
        TouchedRows(ids: userIDs, tableRows: users).unique.count,
        TouchedRows(ids: movieIDs, tableRows: movies).unique.count,
      ]
      let folds =
        folding == .always
        || (folding == .automatic
          && EmbeddingDenseKernel.foldingPays(
            touched: touched, widths: [dimension, dimension], batch: batch, outputs: widths[1],
            recorded: true))
      flops +=
        EmbeddingDenseKernel.matmulFLOPs(
          touched: folds ? touched : nil, widths: [dimension, dimension], batch: batch,
          outputs: widths[1], recorded: true) / Double(batches.count)
    }
    return TrainingStepBenchmark(name: "ranking", matmulFLOPs: flops) { index in
      let (userIDs, movieIDs, ratings) = batches[index % batches.count]
      let tape = Tape()
      do {
        var x = try layers[0](
          [userEmbedding, movieEmbedding], ids: [userIDs, movieIDs], tape: tape,
          folding: folding)
        for layer in layers.dropFirst() { x = try layer(x, tape: tape) }
        let loss = meanSquaredError(predictions: x, labels: ratings)
        optimizer.apply(tape.gradient(of: loss, wrt: parameters), to: parameters)
        return loss.value.scalar
      } catch {
        preconditionFailure("ranking benchmark: \(error)")
      }
    }
  }
}

/// SplitMix64, so the benchmark's weights and batches are the same in every run.
private struct BenchmarkRNG: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
