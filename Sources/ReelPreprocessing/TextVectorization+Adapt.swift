import ReelPipeline

extension TextVectorization {
  /// Adds `texts` to `counts`, each text one document.
  ///
  /// - Complexity: O(bytes + tokens) expected.
  public func accumulate<S: Sequence>(_ texts: S, into counts: inout Counts)
  where S.Element == String {
    var buffers = TextTokenizer.Buffers()
    for text in texts { accumulate(text, into: &counts, &buffers) }
  }

  func accumulate(_ text: String, into counts: inout Counts, _ buffers: inout TextTokenizer.Buffers)
  {
    let document = counts.beginDocument()
    tokenizer.forEachToken(in: text, &buffers) { counts.add($0, document: document) }
  }

  /// The counts of one pass over `dataset` (one partition of an adapt), without changing the
  /// layer: run it on partitions in parallel, ``Counts/merge(_:)`` the results and
  /// ``finalize(_:)``.
  public func counts<D: Dataset>(_ dataset: D) throws -> Counts where D.Element == String {
    var counts = Counts()
    var buffers = TextTokenizer.Buffers()
    try dataset.forEach { accumulate($0, into: &counts, &buffers) }
    return counts
  }

  /// Sets the vocabulary from counts as Keras's `finalize_state`: `""` and `"[UNK]"` removed,
  /// count descending, ties by UTF-8 bytes descending, truncated to `maxTokens - tokenStart`;
  /// in `tf_idf` mode weights `log(1 + documents / (1 + documentFrequency))`, with `"[UNK]"`
  /// at their mean.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` when `maxTokens` leaves no
  ///   room for tokens, ``PreprocessingError/invalidInput(layer:_:)`` when no token besides
  ///   `""` and `"[UNK]"` was counted.
  /// - Complexity: O(v log v) for v distinct tokens.
  public mutating func finalize(_ counts: Counts) throws {
    let source = counts.table
    var ids = (0..<source.count).filter { id in
      let r = source.range(id)
      return !r.isEmpty && !source.bytes[r].elementsEqual(Self.oovToken.utf8)
    }
    source.bytes.withUnsafeBytes { stored in
      ids.sort { a, b in
        let ca = counts.stats[a].count
        let cb = counts.stats[b].count
        return ca != cb ? ca > cb : source.bytesDescending(a, b, stored)
      }
    }
    if let maxTokens {
      guard maxTokens > tokenStart else {
        throw PreprocessingError.invalidArgument(
          layer: "TextVectorization",
          "maxTokens \(maxTokens) leaves no room for tokens after \(tokenStart) reserved slots")
      }
      ids = Array(ids.prefix(maxTokens - tokenStart))
    }
    guard !ids.isEmpty else {
      throw PreprocessingError.invalidInput(
        layer: "TextVectorization", "adapt found no tokens besides \"\" and \"[UNK]\"")
    }
    var table = UTF8TokenTable()
    for id in ids { table.insert(id, of: source) }
    var idf: [Float]?
    if outputMode == .tfIDF {
      idf = InverseDocumentFrequency.columns(
        documentFrequencies: ids.map { counts.stats[$0].documentFrequency },
        documents: counts.documentCount, oovSlots: 1)
    }
    try install(table, idfColumns: idf)
  }

  /// Keras's `adapt`: one pass over `dataset` (each text one document), then ``finalize(_:)``.
  ///
  ///     var layer = try TextVectorization(outputMode: .multiHot)
  ///     try layer.adapt(Datasets.from(["a b", "b c"]))
  ///     layer.vocabulary     // ["[UNK]", "b", "c", "a"]
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` when the dataset has no tokens, and
  ///   what ``finalize(_:)`` throws.
  public mutating func adapt<D: Dataset>(_ dataset: D) throws where D.Element == String {
    let counts = try counts(dataset)
    guard counts.distinctTokens > 0 else {
      throw PreprocessingError.notAdapted(layer: "TextVectorization")
    }
    try finalize(counts)
  }
}
