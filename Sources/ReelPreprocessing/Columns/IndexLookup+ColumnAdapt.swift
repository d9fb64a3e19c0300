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

  /// The token counts of column `column` over `dataset`, each row one document (a scalar
  /// row is a one-token document, as Keras treats a dataset of scalars): adapt state to merge
  /// with other partitions' (``Counts/merge(_:)``) and ``finalize(_:)`` into a vocabulary, for
  /// callers that see the data in pieces (a writer adapting over the rows it writes).
  ///
  /// - Complexity: O(values); strings are counted by their bytes, creating one `String` per
  ///   distinct token.
  public static func counts<D: Dataset>(_ dataset: D, column: String, layer: String = "IndexLookup") throws -> Counts
  where D.Element == FeatureBatch {
    var tally = DocumentTally()
    if Token.self == String.self {
      var table = UTF8TokenTable()
      try dataset.forEach { batch in
        let values = try Self.column(column, of: batch, layer: layer)
        guard case .string(let strings) = values.values else {
          throw PreprocessingError.invalidInput(layer: layer, "column '\(column)' is not a string column")
        }
        let rowOffsets = values.listOffsets
        strings.bytes.withUnsafeBytes { bytes in
          strings.offsets.withUnsafeBufferPointer { offsets in
            tally.forEachRow(count: strings.count, rowOffsets: rowOffsets) { i in
              table.insert(UnsafeRawBufferPointer(rebasing: bytes[offsets[i]..<offsets[i + 1]])).id
            }
          }
        }
      }
      return tally.counts { (table.string($0) as! Token).lookupKey }
    }
    var table: [Int64: Int] = [:]
    var keys: [Int64] = []
    try dataset.forEach { batch in
      let values = try Self.column(column, of: batch, layer: layer)
      let ints = try ColumnValues.int64s(values, layer: layer)
      tally.forEachRow(count: ints.count, rowOffsets: values.listOffsets) { i in
        if let id = table[ints[i]] { return id }
        table[ints[i]] = keys.count
        keys.append(ints[i])
        return keys.count - 1
      }
    }
    return tally.counts { (keys[$0] as! Token).lookupKey }
  }

  private static func column(_ name: String, of batch: FeatureBatch, layer: String) throws -> FeatureColumn {
    guard let column = batch[name] else {
      throw PreprocessingError.invalidInput(layer: layer, "the batch has no column '\(name)'")
    }
    return column
  }
}

/// Occurrences and document frequencies of dense token ids, one document per row.
struct DocumentTally {
  var occurrences: [Int] = []
  var documents: [Int] = []
  /// The last document each id was seen in, to count it once per document.
  var lastDocument: [Int] = []
  var documentCount = 0

  /// Visits the `count` values of one batch column (rows given by `rowOffsets`, or one value
  /// per row when nil); `id(i)` returns the dense id of value `i`.
  mutating func forEachRow(count: Int, rowOffsets: [Int]?, _ id: (Int) -> Int) {
    let rows = rowOffsets.map { $0.count - 1 } ?? count
    for r in 0..<rows {
      let document = documentCount + r
      let range = rowOffsets.map { $0[r]..<$0[r + 1] } ?? r..<(r + 1)
      for i in range {
        let k = id(i)
        if k == occurrences.count {
          occurrences.append(0)
          documents.append(0)
          lastDocument.append(-1)
        }
        occurrences[k] += 1
        if lastDocument[k] != document {
          lastDocument[k] = document
          documents[k] += 1
        }
      }
    }
    documentCount += rows
  }

  /// The tally as lookup counts, `key(id)` giving each id's key.
  func counts<Token: LookupToken>(_ key: (Int) -> Token.Key) -> IndexLookup<Token>.Counts {
    var out = IndexLookup<Token>.Counts()
    out.counts.reserveCapacity(occurrences.count)
    out.documentFrequencies.reserveCapacity(occurrences.count)
    for id in occurrences.indices {
      out.counts[key(id), default: 0] += occurrences[id]
      out.documentFrequencies[key(id), default: 0] += documents[id]
    }
    out.documentCount = documentCount
    return out
  }
}
