/// The movie-id `StringLookup` of the sequential-retrieval tutorial
/// (`StringLookup(vocabulary=unique_movie_ids, mask_token=None)`: OOV at 0, so the context's
/// padding id `"0"` becomes 0 as in TFRS) and the reading of batch columns through it.
struct MovieIDLookup {
  let lookup: StringLookup

  /// - Throws: a preprocessing error for an empty vocabulary.
  init(vocabulary: [String]) throws {
    lookup = try StringLookup(
      maxTokens: nil, numOOVIndices: 1, maskToken: nil, vocabulary: Array(Set(vocabulary)).sorted())
  }

  /// Rows of the table the embeddings need: the vocabulary plus the OOV slot.
  var size: Int { lookup.vocabularySize }

  /// Indices of `ids`.
  func callAsFunction<S: Collection>(_ ids: S) throws -> [Int32] where S.Element == String {
    try lookup(Array(ids)).map { Int32($0) }
  }

  /// Indices of the scalar string column `name` of `batch`.
  func scalar(_ batch: FeatureBatch, _ name: String) throws -> [Int32] {
    try self(batch.string(name))
  }

  /// Indices of the fixed-width string list column `name` (`width` per row), row-major.
  ///
  /// - Throws: ``RecommenderError`` when the column is not a string list column of that width.
  func lists(_ batch: FeatureBatch, _ name: String, width: Int) throws -> [Int32] {
    let column = try batch.column(name)
    guard let values = column.stringValues, let offsets = column.listOffsets,
      values.count == width * batch.rowCount,
      zip(offsets, offsets.dropFirst()).allSatisfy({ $1 - $0 == width })
    else {
      throw RecommenderError(
        component: "SequentialRetrievalModel",
        reason: "column \(name) must hold \(width) movie id strings per row")
    }
    return try self(values)
  }
}
