import ReelPipeline
import ReelTensor

/// The candidate tower of TFRS's feature tutorials (`MovieModel`, optionally followed by
/// Dense layers): the `movie_title` lookup embedding, concatenated with (``MovieFeatures``)
/// the mean of the title's word embeddings (`TextVectorization` → `Embedding(10_000, d,
/// mask_zero=True)` → `GlobalAveragePooling1D`), then ``dense``: one `Dense(d)` projection,
/// a deep stack such as `[64, 32]` (ReLU except the last layer), or nothing.
///
///     let tower = try MovieTower(featurizer: features, features: [.titleText], using: &rng)
///     let movies = try tower(titleIndices: features.titleIndices(batch), tape: tape)
public final class MovieTower {
  public let featurizer: MovieLensFeaturizer
  public let features: MovieFeatures
  /// `Embedding(titleLookup.vocabularySize, d)`.
  public let titleEmbedding: Embedding
  /// `Embedding(10_000, d, mask_zero)` over title words, with ``MovieFeatures/titleText``.
  public let wordEmbedding: Embedding?
  public let pooling = GlobalAveragePooling1D(name: "title_pooling")
  /// The Dense layers on the concatenation (ReLU except the last), or nil to return the
  /// concatenation.
  public let dense: MLP?

  /// - Parameter layerSizes: the Dense layers on the concatenated features (ReLU except the
  ///   last): `[32]` for the context-features tutorial's projection, `[64, 32]` for a deep
  ///   recommenders tower, `[]` for none.
  /// - Throws: ``LayerError`` for a layer size that is not positive.
  public init<G: RandomNumberGenerator>(
    featurizer: MovieLensFeaturizer, features: MovieFeatures, embeddingDimension: Int = 32,
    layerSizes: [Int] = [32], using rng: inout G
  ) throws {
    let d = embeddingDimension
    self.featurizer = featurizer
    self.features = features
    titleEmbedding = Embedding(
      inputDim: featurizer.titleLookup.vocabularySize, outputDim: d, name: "movie_embedding",
      using: &rng)
    wordEmbedding =
      features.contains(.titleText)
      ? Embedding(
        inputDim: MovieLensFeaturizer.maxTitleTokens, outputDim: d, maskZero: true,
        name: "title_text_embedding", using: &rng) : nil
    dense =
      layerSizes.isEmpty
      ? nil
      : try MLP(
        inputSize: d * (wordEmbedding == nil ? 1 : 2), layerSizes: layerSizes,
        activation: .relu, name: "candidate_dense", using: &rng)
  }

  public var outputSize: Int {
    dense?.outputSize ?? titleEmbedding.outputDim * (wordEmbedding == nil ? 1 : 2)
  }

  public var parameters: [Parameter] {
    titleEmbedding.parameters + (wordEmbedding?.parameters ?? []) + (dense?.parameters ?? [])
  }

  /// The vectors of the titles at `titleIndices` (``MovieLensFeaturizer/titleLookup``
  /// indices), `[count, outputSize]`.
  ///
  /// - Throws: ``LayerError`` for an index outside the vocabulary.
  public func callAsFunction(titleIndices: [Int32], tape: Tape?) throws -> Variable {
    var joined = try titleEmbedding(titleIndices, tape: tape)
    if let words = wordEmbedding {
      let (ids, width) = featurizer.paddedTitleTokens(titleIndices)
      let vectors = try words(ids, batch: titleIndices.count, time: width, tape: tape)
      joined = concat([joined, try pooling(vectors, mask: words.mask(for: ids))], axis: 1)
    }
    return try dense.map { try $0(joined, tape: tape) } ?? joined
  }

  /// The vectors of every title of the lookup vocabulary but the OOV entry, in vocabulary
  /// order (row r is vocabulary index r + 1), computed without a tape.
  public func candidateTable() throws -> Tensor {
    let count = featurizer.titleLookup.vocabularySize
    return try self(titleIndices: (1..<Int32(count)).map { $0 }, tape: nil).value
  }
}
