import Foundation

/// Keras's inverse document frequency weights (`index_lookup.py`), shared by the lookup layers
/// and ``TextVectorization``.
enum InverseDocumentFrequency {
  /// `log(1 + documents / (1 + documentFrequency))`, computed in float64 and rounded to
  /// float32 as Keras does (`int64 / int64` divides in float64, then a cast to the layer's
  /// float32 compute dtype).
  static func weight(documentFrequency: Int, documents: Int) -> Float {
    Float(log(1 + Double(documents) / Double(1 + documentFrequency)))
  }

  /// The mean of `weights`, the value Keras gives the OOV slots. After adapt Keras takes
  /// `tf.reduce_mean` of the float32 weights; for given weights `np.average` of the float64
  /// input. Both are the float32 rounding of the exact mean up to a last-bit difference,
  /// which the double sum here gives.
  static func mean(_ weights: [Float]) -> Float {
    guard !weights.isEmpty else { return 0 }
    var sum = 0.0
    for w in weights { sum += Double(w) }
    return Float(sum / Double(weights.count))
  }

  /// Learned weights for tokens with the given document frequencies, preceded by
  /// `oovSlots` copies of their mean: one weight per output column.
  static func columns(documentFrequencies: [Int], documents: Int, oovSlots: Int) -> [Float] {
    let tokens = documentFrequencies.map { weight(documentFrequency: $0, documents: documents) }
    return Array(repeating: mean(tokens), count: oovSlots) + tokens
  }

  /// Given weights (Keras's `idf_weights=`) as output columns: used as they are when the given
  /// vocabulary started with the OOV tokens (`givenWithSpecials`), else preceded by
  /// `oovSlots` copies of their mean. Throws unless there is one finite weight per
  /// vocabulary entry.
  static func columns(
    given: [Float], vocabularyCount: Int, givenWithSpecials: Bool, oovSlots: Int, layer: String
  ) throws -> [Float] {
    guard given.count == vocabularyCount else {
      throw PreprocessingError.invalidArgument(
        layer: layer,
        "idfWeights must have one weight per vocabulary entry: \(given.count) weights, \(vocabularyCount) entries"
      )
    }
    guard given.allSatisfy(\.isFinite) else {
      throw PreprocessingError.invalidArgument(layer: layer, "idfWeights must be finite")
    }
    return givenWithSpecials ? given : Array(repeating: mean(given), count: oovSlots) + given
  }
}
