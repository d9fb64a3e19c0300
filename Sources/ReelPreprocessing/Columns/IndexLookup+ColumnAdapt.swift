import ReelPipeline

extension IndexLookup {
  /// Adapts the vocabulary over column `column` of every batch (scalar or list column).
  ///
  ///     var users = StringLookup()
  ///     try users.adapt(shards, column: "user_id")
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` when the column holds no values,
  ///   ``PreprocessingError/invalidInput(layer:_:)`` for a missing or mistyped column.
  /// - Complexity: O(values) time; memory O(distinct tokens).
  public mutating func adapt<D: Dataset>(_ dataset: D, column: String) throws where D.Element == FeatureBatch {
    try adapt(partitions: [dataset], column: column)
  }

  /// Adapts over several partitions of the data (for example `shards.shard(worker: i, of: 2)`
  /// or `dataset.shard(count: 2, index: i)`), each counted on its own thread; the merged counts
  /// give exactly the vocabulary a single pass over all of them gives.
  public mutating func adapt<D: Dataset>(partitions: [D], column: String) throws where D.Element == FeatureBatch {
    let name = layerName
    let merged = try ParallelAdapt.run(partitions, partial: { try Self.counts($0, column: column, layer: name) }, merge: { $0.merge($1) })
    guard let merged, !merged.counts.isEmpty else { throw PreprocessingError.notAdapted(layer: layerName) }
    try finalize(merged)
  }

  /// The token counts of column `column` over `dataset`: adapt state to merge with other
  /// partitions' (``Counts/merge(_:)``) and ``finalize(_:)`` into a vocabulary, for callers
  /// that see the data in pieces (a writer adapting over the rows it writes).
  ///
  /// - Complexity: O(values); strings are counted by their bytes, creating one `String` per
  ///   distinct token.
  public static func counts<D: Dataset>(_ dataset: D, column: String, layer: String = "IndexLookup") throws -> Counts
  where D.Element == FeatureBatch {
    if Token.self == String.self {
      var table = ByteStringTable()
      var tally: [Int] = []
      try dataset.forEach { batch in
        guard case .string(let strings) = try Self.column(column, of: batch, layer: layer).values else {
          throw PreprocessingError.invalidInput(layer: layer, "column '\(column)' is not a string column")
        }
        strings.bytes.withUnsafeBytes { bytes in
          strings.offsets.withUnsafeBufferPointer { offsets in
            for i in 0..<strings.count {
              let id = table.insert(UnsafeRawBufferPointer(rebasing: bytes[offsets[i]..<offsets[i + 1]]))
              if id == tally.count { tally.append(1) } else { tally[id] += 1 }
            }
          }
        }
      }
      var counts = Counts()
      counts.counts.reserveCapacity(table.count)
      for id in 0..<table.count { counts.counts[table.string(id) as! Token, default: 0] += tally[id] }
      return counts
    }
    var counts = Counts()
    try dataset.forEach { batch in
      let values = try ColumnValues.int64s(try Self.column(column, of: batch, layer: layer), layer: layer)
      for v in values { counts.counts[v as! Token, default: 0] += 1 }
    }
    return counts
  }

  private static func column(_ name: String, of batch: FeatureBatch, layer: String) throws -> FeatureColumn {
    guard let column = batch[name] else {
      throw PreprocessingError.invalidInput(layer: layer, "the batch has no column '\(name)'")
    }
    return column
  }
}
