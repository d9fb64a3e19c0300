extension TextVectorization: Codable {
  private enum CodingKeys: String, CodingKey {
    case maxTokens, standardize, split, ngrams, outputMode, outputSequenceLength, padToMaxTokens,
      vocabulary
    case idfWeights
  }

  /// Saves the options by their Keras names and the vocabulary as ``vocabulary`` lists it
  /// (with the special entries; absent before adapt), plus the `tf_idf` weights.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for a custom standardize or
  ///   split function, which cannot be saved.
  public func encode(to encoder: Encoder) throws {
    guard let standardizeName = standardize.name else {
      throw PreprocessingError.invalidArgument(
        layer: "TextVectorization",
        "a custom standardize function cannot be saved; save a built-in option")
    }
    guard let splitName = split.name else {
      throw PreprocessingError.invalidArgument(
        layer: "TextVectorization",
        "a custom split function cannot be saved; save a built-in option")
    }
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encodeIfPresent(maxTokens, forKey: .maxTokens)
    try c.encode(standardizeName, forKey: .standardize)
    try c.encode(splitName, forKey: .split)
    try c.encodeIfPresent(ngrams?.sizes, forKey: .ngrams)
    try c.encode(outputMode, forKey: .outputMode)
    try c.encodeIfPresent(outputSequenceLength, forKey: .outputSequenceLength)
    try c.encode(padToMaxTokens, forKey: .padToMaxTokens)
    if table.count > 0 { try c.encode(vocabulary, forKey: .vocabulary) }
    try c.encodeIfPresent(idfWeights, forKey: .idfWeights)
  }

  /// Loads saved state, checking it as construction checks its arguments.
  ///
  /// - Throws: ``PreprocessingError/invalidState(layer:_:)`` for unknown option names or
  ///   state that construction would reject.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func invalid(_ message: String) -> PreprocessingError {
      .invalidState(layer: "TextVectorization", message)
    }
    let standardizeName = try c.decode(String.self, forKey: .standardize)
    guard let standardize = Standardize(name: standardizeName) else {
      throw invalid("unknown standardize \(standardizeName)")
    }
    let splitName = try c.decode(String.self, forKey: .split)
    guard let split = Split(name: splitName) else { throw invalid("unknown split \(splitName)") }
    let vocabulary = try c.decodeIfPresent([String].self, forKey: .vocabulary)
    let idf = try c.decodeIfPresent([Float].self, forKey: .idfWeights)
    let outputMode = try c.decode(LookupOutputMode.self, forKey: .outputMode)
    if vocabulary != nil, outputMode == .tfIDF, idf?.count != vocabulary?.count {
      throw invalid("tf_idf needs one idf weight per vocabulary entry")
    }
    do {
      try self.init(
        maxTokens: try c.decodeIfPresent(Int.self, forKey: .maxTokens), standardize: standardize,
        split: split,
        ngrams: try c.decodeIfPresent([Int].self, forKey: .ngrams).map(NGrams.init(sizes:)),
        outputMode: outputMode,
        outputSequenceLength: try c.decodeIfPresent(Int.self, forKey: .outputSequenceLength),
        padToMaxTokens: try c.decode(Bool.self, forKey: .padToMaxTokens), vocabulary: vocabulary,
        idfWeights: idf)
    } catch PreprocessingError.invalidArgument(_, let message) {
      throw invalid(message)
    }
  }
}
