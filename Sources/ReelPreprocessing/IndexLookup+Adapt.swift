import ReelPipeline

extension IndexLookup {
  /// Token counts, document frequencies and the document count accumulated by adapt:
  /// mergeable across partitions and `Codable`, so partitions can be counted apart (on other
  /// cores or machines) and finalized together.
  ///
  ///     var a = StringLookup.Counts()
  ///     a.addDocument(["x", "y", "x"])
  ///     var b = StringLookup.Counts()
  ///     b.addDocument(["y"])
  ///     a.merge(b)
  ///     a.counts                 // ["x": 2, "y": 2]
  ///     a.documentFrequencies    // ["x": 1, "y": 2]
  ///     a.documentCount          // 2
  public struct Counts: Sendable, Equatable, Codable {
    /// Occurrences of each token, by its byte-exact key (``UTF8Key`` for strings).
    public var counts: [Token.Key: Int] = [:]
    /// The number of documents each token occurs in (only from ``addDocument(_:)``).
    public var documentFrequencies: [Token.Key: Int] = [:]
    /// The number of documents added with ``addDocument(_:)``.
    public var documentCount = 0

    public init() {}

    /// Counts tokens without document boundaries (enough for every mode but `tf_idf`).
    public mutating func add<S: Sequence>(_ tokens: S) where S.Element == Token {
      for token in tokens { counts[token.lookupKey, default: 0] += 1 }
    }

    /// Counts one document (Keras: one row of the adapt data): every occurrence for the
    /// counts, each distinct token once for the document frequencies.
    ///
    /// - Complexity: O(n) expected for n tokens.
    public mutating func addDocument<S: Sequence>(_ tokens: S) where S.Element == Token {
      var seen = Set<Token.Key>()
      for token in tokens {
        let key = token.lookupKey
        counts[key, default: 0] += 1
        if seen.insert(key).inserted { documentFrequencies[key, default: 0] += 1 }
      }
      documentCount += 1
    }

    /// A one-token document (adapting on a dataset of single tokens, as Keras does for a
    /// `tf.data` dataset of scalars).
    mutating func addSingleTokenDocument(_ token: Token) {
      counts[token.lookupKey, default: 0] += 1
      documentFrequencies[token.lookupKey, default: 0] += 1
      documentCount += 1
    }

    /// Adds the counts of another partition.
    public mutating func merge(_ other: Counts) {
      counts.merge(other.counts, uniquingKeysWith: +)
      documentFrequencies.merge(other.documentFrequencies, uniquingKeysWith: +)
      documentCount += other.documentCount
    }

    private enum CodingKeys: String, CodingKey { case tokens, counts, documentFrequencies, documentCount }

    /// Saved as parallel arrays (`tokens`, `counts`, `documentFrequencies` with 0 for
    /// tokens counted without documents), sorted by token key so equal counts give equal
    /// JSON: a JSON object would merge keys that differ only in Unicode normalization.
    public func encode(to encoder: any Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      let keys = counts.keys.sorted { Token.tieBreakDescending(Token(lookupKey: $1), Token(lookupKey: $0)) }
      try c.encode(keys.map { Token(lookupKey: $0) }, forKey: .tokens)
      try c.encode(keys.map { counts[$0]! }, forKey: .counts)
      try c.encode(keys.map { documentFrequencies[$0] ?? 0 }, forKey: .documentFrequencies)
      try c.encode(documentCount, forKey: .documentCount)
    }

    /// Decodes and checks saved counts: positive counts, document frequencies between 1 and
    /// both the token's count and the document count, no duplicate tokens.
    public init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      func invalid(_ message: String) -> PreprocessingError {
        .invalidState(layer: "IndexLookup.Counts", message)
      }
      let tokens = try c.decode([Token].self, forKey: .tokens)
      let tokenCounts = try c.decode([Int].self, forKey: .counts)
      let frequencies = try c.decode([Int].self, forKey: .documentFrequencies)
      documentCount = try c.decode(Int.self, forKey: .documentCount)
      guard tokenCounts.count == tokens.count, frequencies.count == tokens.count else {
        throw invalid("\(tokens.count) tokens but \(tokenCounts.count) counts and \(frequencies.count) document frequencies")
      }
      for (k, token) in tokens.enumerated() {
        guard counts.updateValue(tokenCounts[k], forKey: token.lookupKey) == nil else {
          throw invalid("duplicate token \(token)")
        }
        if frequencies[k] != 0 { documentFrequencies[token.lookupKey] = frequencies[k] }
      }
      guard documentCount >= 0 else { throw invalid("negative documentCount \(documentCount)") }
      for (token, n) in counts where n < 1 { throw invalid("count \(n) for \(token)") }
      for (token, df) in documentFrequencies {
        guard df >= 1, df <= documentCount, df <= counts[token] ?? 0 else {
          throw invalid(
            "document frequency \(df) for \(token) (count \(counts[token] ?? 0), \(documentCount) documents)"
          )
        }
      }
    }
  }

  /// Sets the vocabulary from counts: mask and OOV tokens removed, count descending, ties by
  /// token descending, truncated to `maxTokens - tokenStart`. In `tf_idf` mode also the
  /// weights `log(1 + documents / (1 + documentFrequency))`, with the OOV slots at their mean.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` when `maxTokens` leaves no room
  ///   for tokens, ``PreprocessingError/invalidInput(layer:_:)`` when no token besides the
  ///   mask and OOV tokens was counted (Keras fails to build an empty table) or, in `tf_idf`
  ///   mode, when the counts have no documents.
  public mutating func finalize(_ counts: Counts) throws {
    let mask = maskToken?.lookupKey
    let oov = oovToken.lookupKey
    var entries = counts.counts.filter { $0.key != mask && $0.key != oov }.map {
      (Token(lookupKey: $0.key), $0.value)
    }
    entries.sort { a, b in a.1 != b.1 ? a.1 > b.1 : Token.tieBreakDescending(a.0, b.0) }
    if let maxTokens {
      guard maxTokens > tokenStart else {
        throw PreprocessingError.invalidArgument(
          layer: layerName,
          "maxTokens \(maxTokens) leaves no room for tokens after \(tokenStart) reserved slots")
      }
      entries = Array(entries.prefix(maxTokens - tokenStart))
    }
    guard !entries.isEmpty else {
      throw PreprocessingError.invalidInput(
        layer: layerName, "adapt found no tokens besides the mask and OOV tokens")
    }
    var idf: [Float]?
    if outputMode == .tfIDF {
      guard counts.documentCount > 0 else {
        throw PreprocessingError.invalidInput(
          layer: layerName,
          "tf_idf needs document frequencies: count documents with Counts.addDocument(_:)")
      }
      idf = InverseDocumentFrequency.columns(
        documentFrequencies: entries.map { counts.documentFrequencies[$0.0.lookupKey] ?? 0 },
        documents: counts.documentCount, oovSlots: numOOVIndices)
    }
    try setTokens(entries.map(\.0), idfColumns: idf)
  }

  /// Adapts the vocabulary over every token of `dataset`; in `tf_idf` mode each token is a
  /// document of its own (as Keras treats a `tf.data` dataset of scalars).
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` for an empty dataset, and what
  ///   ``finalize(_:)`` throws.
  public mutating func adapt<D: Dataset>(_ dataset: D) throws where D.Element == Token {
    var counts = Counts()
    if outputMode == .tfIDF {
      try dataset.forEach { counts.addSingleTokenDocument($0) }
    } else {
      try dataset.forEach { counts.add(CollectionOfOne($0)) }
    }
    guard !counts.counts.isEmpty else { throw PreprocessingError.notAdapted(layer: layerName) }
    try finalize(counts)
  }

  /// Adapts the vocabulary over documents: each element of `documents` is one row (Keras
  /// counts a token once per row for the document frequencies).
  ///
  ///     var lookup = try StringLookup(outputMode: .tfIDF)
  ///     try lookup.adapt(documents: Datasets.from([["a", "b", "a"], ["b"]]))
  ///     lookup.vocabulary     // ["[UNK]", "b", "a"]
  ///     lookup.idfWeights     // [0.60 (mean), log(1 + 2/3) = 0.51, log(1 + 2/2) = 0.69]
  ///
  /// - Throws: as ``adapt(_:)``.
  public mutating func adapt<D: Dataset>(documents: D) throws where D.Element == [Token] {
    var counts = Counts()
    try documents.forEach { counts.addDocument($0) }
    guard !counts.counts.isEmpty else { throw PreprocessingError.notAdapted(layer: layerName) }
    try finalize(counts)
  }
}
