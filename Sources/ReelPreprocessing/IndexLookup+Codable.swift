extension IndexLookup: Codable {
  private enum CodingKeys: String, CodingKey {
    case layerName, maxTokens, numOOVIndices, maskToken, oovToken, invert, outputMode,
      padToMaxTokens, tokens
    case idfWeights
  }

  public func encode(to encoder: Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(layerName, forKey: .layerName)
    try c.encodeIfPresent(maxTokens, forKey: .maxTokens)
    try c.encode(numOOVIndices, forKey: .numOOVIndices)
    try c.encodeIfPresent(maskToken, forKey: .maskToken)
    try c.encode(oovToken, forKey: .oovToken)
    try c.encode(invert, forKey: .invert)
    try c.encode(outputMode, forKey: .outputMode)
    try c.encode(padToMaxTokens, forKey: .padToMaxTokens)
    try c.encode(tokens, forKey: .tokens)
    try c.encodeIfPresent(idfWeights, forKey: .idfWeights)
  }

  /// Decodes saved state and checks it as construction does (a missing `outputMode` is `int`).
  ///
  /// - Throws: ``PreprocessingError/invalidState(layer:_:)`` for state no layer could have.
  public init(from decoder: Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let layerName = try c.decode(String.self, forKey: .layerName)
    do {
      try self.init(
        layerName: layerName, maxTokens: try c.decodeIfPresent(Int.self, forKey: .maxTokens),
        numOOVIndices: try c.decode(Int.self, forKey: .numOOVIndices),
        maskToken: try c.decodeIfPresent(Token.self, forKey: .maskToken),
        oovToken: try c.decode(Token.self, forKey: .oovToken), vocabulary: nil,
        invert: try c.decode(Bool.self, forKey: .invert),
        outputMode: try c.decodeIfPresent(OutputMode.self, forKey: .outputMode) ?? .int,
        padToMaxTokens: try c.decodeIfPresent(Bool.self, forKey: .padToMaxTokens) ?? false)
      let tokens = try c.decode([Token].self, forKey: .tokens)
      let idf = try c.decodeIfPresent([Float].self, forKey: .idfWeights)
      if !tokens.isEmpty {
        if let idf, !idf.allSatisfy(\.isFinite) {
          throw PreprocessingError.invalidArgument(layer: layerName, "idf weights must be finite")
        }
        try setTokens(tokens, idfColumns: idf)
      } else if idf != nil {
        throw PreprocessingError.invalidArgument(layer: layerName, "idf weights without tokens")
      }
    } catch let error as PreprocessingError {
      if case .invalidArgument(let layer, let message) = error {
        throw PreprocessingError.invalidState(layer: layer, message)
      }
      throw error
    }
  }
}
