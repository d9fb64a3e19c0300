extension IndexLookup {
  /// Keras's non-`int` output in this layer's ``outputMode``: `one_hot` gives one row per
  /// input token, `multi_hot` / `count` / `tf_idf` one row per input row. The mask token has
  /// no column and masked inputs are not counted.
  ///
  ///     let lookup = try StringLookup(vocabulary: ["a", "b"], idfWeights: [0.5, 2],
  ///                                   outputMode: .tfIDF)
  ///     try lookup.encode([["a", "a", "zz"]])   // [[1.25, 1.0, 0.0]]: OOV gets the mean 1.25
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` in `int` mode,
  ///   ``PreprocessingError/notAdapted(layer:)`` for `tf_idf` without weights, and
  ///   ``PreprocessingError/invalidInput(layer:_:)`` for an unknown token without OOV slots.
  /// - Complexity: O(rows × width + tokens).
  public func encode(_ rows: [[Token]]) throws -> [[Float]] {
    try encode(rows, mode: outputMode)
  }

  /// The encoding of `mode` with this layer's vocabulary, whatever its own ``outputMode``.
  public func encode(_ rows: [[Token]], mode: OutputMode) throws -> [[Float]] {
    guard mode != .int else {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "encode needs a non-int output mode; call the layer for indices")
    }
    let idf = mode == .tfIDF ? idfWeights : nil
    if mode == .tfIDF, idf == nil {
      throw PreprocessingError.notAdapted(layer: layerName)
    }
    let depth = padToMaxTokens ? maxTokens ?? 0 : numOOVIndices + tokens.count
    if mode == .oneHot {
      return try rows.flatMap { $0 }.map { token in
        CategoryEncoding.row(
          columns: try column(token).map { [$0] } ?? [], depth: depth, mode: mode, idf: nil)
      }
    }
    return try rows.map { row in
      CategoryEncoding.row(
        columns: try row.compactMap { try column($0) }, depth: depth, mode: mode, idf: idf)
    }
  }

  /// The encoded column of `token`: OOV slots first, then the tokens; nil for the mask.
  func column(_ token: Token) throws -> Int? {
    if isMask(token) { return nil }
    if let p = positions[token.lookupKey] { return numOOVIndices + p }
    return try oovSlot(token)
  }
}
