extension Dense {
  /// The layer applied to the concatenated lookups `embeddings[t](ids[t])`, the first layer of
  /// a ranking MLP over ID embeddings, as one operation
  /// (``embeddingDense(tables:ids:kernel:bias:activation:folding:)``). The value equals
  /// `self(concat(lookups, axis: 1))` up to float rounding; with few distinct ids per table
  /// it is computed from the touched table rows (folded), which takes fewer flops. The
  /// parameters are the same, so weights and gradients are interchangeable with the plain
  /// path's; the tables' gradients stay sparse.
  ///
  ///     let hidden = try dense([userEmbedding, movieEmbedding], ids: [userIDs, movieIDs],
  ///                            tape: tape)   // [batch, outputSize]
  ///
  /// - Throws: ``LayerError`` naming the embedding for an id out of range, or naming this
  ///   layer when the tables' total width is not `inputSize`, there are no tables, or the id
  ///   arrays differ in length.
  public func callAsFunction(
    _ embeddings: [Embedding], ids: [[Int32]], tape: Tape?,
    folding: EmbeddingDenseFolding = .automatic
  ) throws -> Variable {
    guard !embeddings.isEmpty, embeddings.count == ids.count else {
      throw LayerError(
        layer: name,
        reason: "needs one id array per embedding, got \(embeddings.count) embeddings and "
          + "\(ids.count) id arrays")
    }
    guard ids.allSatisfy({ $0.count == ids[0].count }) else {
      throw LayerError(
        layer: name, reason: "id arrays differ in length: \(ids.map(\.count))")
    }
    let width = embeddings.reduce(0) { $0 + $1.outputDim }
    guard width == inputSize else {
      throw LayerError(
        layer: name,
        reason: "the embeddings give \(width) features but the layer takes \(inputSize)")
    }
    for (embedding, batch) in zip(embeddings, ids) {
      let bound = embedding.inputDim
      if let bad = batch.first(where: { $0 < 0 || Int($0) >= bound }) {
        throw LayerError(layer: embedding.name, reason: "id \(bad) is not in [0, \(bound))")
      }
    }
    func watched(_ p: Parameter) -> Variable {
      tape.map { $0.watch(p) } ?? Variable(constant: p.value)
    }
    return embeddingDense(
      tables: embeddings.map { watched($0.table) }, ids: ids, kernel: watched(kernel),
      bias: bias.map(watched), activation: activation, folding: folding)
  }
}

extension MLP {
  /// The MLP applied to the concatenated lookups `embeddings[t](ids[t])`: the first layer
  /// through ``Dense/callAsFunction(_:ids:tape:folding:)`` (folded when that pays), the rest
  /// as usual. Equals `self(concat(lookups, axis: 1), tape: tape)` up to float rounding.
  ///
  ///     let rating = try mlp([userEmbedding, movieEmbedding], ids: [userIDs, movieIDs],
  ///                          tape: tape)   // [batch, 1]
  ///
  /// - Throws: ``LayerError`` as the first layer's call does.
  public func callAsFunction(
    _ embeddings: [Embedding], ids: [[Int32]], tape: Tape?,
    folding: EmbeddingDenseFolding = .automatic
  ) throws -> Variable {
    var y = try layers[0](embeddings, ids: ids, tape: tape, folding: folding)
    for layer in layers.dropFirst() { y = try layer(y, tape: tape) }
    return y
  }
}
