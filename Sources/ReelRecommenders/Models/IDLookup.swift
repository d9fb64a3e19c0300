import ReelPipeline
import ReelPreprocessing

extension StringLookup {
  /// A `StringLookup` over `vocabulary` as the TFRS tutorials build it (`mask_token=None`,
  /// one OOV slot at index 0).
  static func tutorial(_ vocabulary: [String], name: String) throws -> StringLookup {
    try StringLookup(
      layerName: name, maxTokens: nil, numOOVIndices: 1, maskToken: nil, oovToken: "[UNK]",
      vocabulary: Array(Set(vocabulary)).sorted(), invert: false)
  }

  /// The `Int32` indices of a string column of `batch`.
  func indices(_ batch: FeatureBatch, column: String) throws -> [Int32] {
    try self(Array(batch.string(column))).map { Int32($0) }
  }
}
