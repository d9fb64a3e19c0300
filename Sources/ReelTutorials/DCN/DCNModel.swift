/// The MovieLens model of TFRS's DCN tutorial: the six features of ``DCNRatings`` through
/// lookups (`StringLookup`/`IntegerLookup`, `mask_token=None`) and `Embedding(vocabulary + 1,
/// 32)` each, concatenated (192-d); optionally a ``Cross`` layer (`glorot_uniform`, full rank
/// or low rank); ReLU Dense layers; a `Dense(1)` logit; a ``Ranking`` task with mean squared
/// error and RMSE.
///
///     var rng = SplitMix64(seed: 42)
///     let dcn = try DCNModel(data: data, crossLayer: true, deepLayerSizes: [192, 192], using: &rng)
///     let lowRank = try DCNModel(data: data, crossLayer: true, projectionDim: 20,
///                                deepLayerSizes: [192, 192], using: &rng)
///     let dnn = try DCNModel(data: data, crossLayer: false, deepLayerSizes: [192, 192, 192],
///                            using: &rng)
///
/// - Complexity: per row, O(192²) for a full-rank cross layer, O(2·192·r) low rank, plus the
///   Dense layers.
public final class DCNModel: RecommenderModel {
  /// The embedding size of every feature (32 in the tutorial).
  public let embeddingDimension: Int
  /// The features in concatenation order (``DCNRatings/features``).
  public let features: [String]
  /// The lookups of the string features.
  public let stringLookups: [StringLookup]
  /// The lookups of the integer features.
  public let integerLookups: [IntegerLookup]
  /// One table per feature, in ``features`` order.
  public let embeddings: [Embedding]
  /// The cross layer, if any.
  public let cross: Cross?
  /// The ReLU layers after it (nil without deep layers).
  public let deep: MLP?
  /// `Dense(1)`.
  public let logit: Dense
  /// Mean squared error; RMSE metric named `RMSE`.
  public let task = Ranking(loss: .meanSquaredError, metrics: [RootMeanSquaredError(name: "RMSE")])

  /// A model over `data`'s vocabularies with new weights from `rng`.
  ///
  /// - Throws: ``LayerError`` for bad sizes; a preprocessing error for an empty vocabulary.
  public init<G: RandomNumberGenerator>(
    data: DCNRatings, crossLayer: Bool, projectionDim: Int? = nil, deepLayerSizes: [Int],
    embeddingDimension: Int = 32, using rng: inout G
  ) throws {
    self.embeddingDimension = embeddingDimension
    features = DCNRatings.features
    stringLookups = try DCNRatings.stringFeatures.map {
      try StringLookup(
        layerName: "\($0)_lookup", maxTokens: nil, numOOVIndices: 1, maskToken: nil,
        oovToken: "[UNK]", vocabulary: data.stringVocabularies[$0] ?? [], invert: false)
    }
    integerLookups = try DCNRatings.integerFeatures.map {
      try IntegerLookup(
        layerName: "\($0)_lookup", maxTokens: nil, numOOVIndices: 1, maskToken: nil,
        oovToken: -1, vocabulary: data.integerVocabularies[$0] ?? [], invert: false)
    }
    let sizes = stringLookups.map(\.vocabularySize) + integerLookups.map(\.vocabularySize)
    embeddings = zip(features, sizes).map { name, size in
      Embedding(
        inputDim: size, outputDim: embeddingDimension, name: "\(name)_embedding", using: &rng)
    }
    let width = embeddingDimension * features.count
    cross = crossLayer
      ? try Cross(
        inputSize: width, projectionDim: projectionDim, kernelInitializer: .glorotUniform,
        name: "cross", using: &rng)
      : nil
    deep = deepLayerSizes.isEmpty
      ? nil
      : try MLP(
        inputSize: width, layerSizes: deepLayerSizes, activation: .relu, finalActivation: .relu,
        name: "deep", using: &rng)
    logit = Dense(inputSize: deepLayerSizes.last ?? width, outputSize: 1, name: "logit", using: &rng)
  }

  public var parameters: [Parameter] {
    embeddings.flatMap(\.parameters) + (cross?.parameters ?? []) + (deep?.parameters ?? [])
      + logit.parameters
  }
  public var tasks: [any RecommenderTask] { [task] }

  /// The number of trainable scalars (Keras `count_params()`).
  public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.scalarCount } }

  /// The predicted ratings of `batch`, `[rows, 1]`.
  ///
  /// - Throws: when a feature column is missing or of the wrong type.
  public func predict(_ batch: FeatureBatch, tape: Tape?) throws -> Variable {
    var parts: [Variable] = []
    for (i, lookup) in stringLookups.enumerated() {
      let ids = try lookup(Array(batch.string(features[i]))).map { Int32($0) }
      parts.append(try embeddings[i](ids, tape: tape))
    }
    for (j, lookup) in integerLookups.enumerated() {
      let i = stringLookups.count + j
      let ids = try lookup(batch.int64(features[i])).map { Int32($0) }
      parts.append(try embeddings[i](ids, tape: tape))
    }
    var x = concat(parts, axis: 1)
    if let cross = cross { x = try cross(x, tape: tape, training: true) }
    if let deep = deep { x = try deep(x, tape: tape) }
    return try logit(x, tape: tape)
  }

  public func computeLoss(batch: FeatureBatch, tape: Tape?, training: Bool) throws -> Variable {
    let y = try batch.float("user_rating")
    return try task.loss(
      labels: Tensor(shape: [y.count, 1], scalars: y), predictions: predict(batch, tape: tape))
  }
}
