import ReelPipeline

extension Dataset where Element == FeatureBatch {
  /// Applies a preprocessing layer to column `input` of every batch, storing the result as
  /// `output` (by default replacing `input`): the pipeline form of calling a Keras layer in
  /// `dataset.map(...)`. The layer is compiled once, here, not per batch.
  ///
  ///     let batches = shards
  ///       .preprocess("user_id", with: userLookup, as: "user_index")
  ///       .preprocess("timestamp", with: timestampNormalization)
  ///
  /// A layer that cannot compile (for example a `Normalization` that was never adapted) or a
  /// value it rejects surfaces from `next()` as a ``PreprocessingError`` naming the layer and
  /// the column.
  ///
  /// - Complexity: the layer's per-value cost; no per-batch setup.
  public func preprocess(_ input: String, with layer: some ColumnLayer, as output: String? = nil) -> Map<Self, FeatureBatch> {
    preprocess([input], with: layer, as: output ?? input)
  }

  /// Applies a layer of several input columns (a crossing layer) to every batch.
  public func preprocess(_ inputs: [String], with layer: some ColumnLayer, as output: String) -> Map<Self, FeatureBatch> {
    let compiled = Result { try layer.columnTransform() }.mapError { error -> any Error in
      (error as? PreprocessingError)?.onColumns(inputs) ?? error
    }
    return map { batch in try compiled.get().apply(to: batch, inputs: inputs, output: output) }
  }
}
