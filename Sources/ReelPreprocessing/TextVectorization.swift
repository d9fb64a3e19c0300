import ReelPipeline

/// Keras's `TextVectorization`: standardize, split, optional n-grams, then an internal
/// `StringLookup(mask_token="")` vocabulary and an `int`, `multi_hot`, `count` or `tf_idf`
/// output.
///
///     var vectorize = try TextVectorization(maxTokens: 10, outputSequenceLength: 4)
///     try vectorize.adapt(Datasets.from(["The cat sat.", "The dog!"]))
///     vectorize.vocabulary           // ["", "[UNK]", "the", "sat", "dog", "cat"]
///     try vectorize(["the CAT ran"])  // [[2, 5, 1, 0]]
///
/// Layout as Keras: in `int` mode index 0 is the padding token `""` and 1 is `"[UNK]"`; in
/// the other modes there is no padding slot, column 0 is `"[UNK]"`, and empty tokens are not
/// counted. `maxTokens` counts these slots. Adapt orders tokens by count descending, ties by
/// UTF-8 bytes descending. Tokens compare by bytes, never by Unicode equivalence.
///
/// - Complexity: O(bytes) per string for the built-in options, plus one hash lookup per
///   token; adapt adds O(v log v) to sort v distinct tokens.
public struct TextVectorization: Sendable {
  /// Keras's padding token (the internal lookup's mask token).
  public static let paddingToken = ""
  /// Keras's OOV token.
  public static let oovToken = "[UNK]"

  public let maxTokens: Int?
  public let standardize: Standardize
  public let split: Split
  public let ngrams: NGrams?
  public let outputMode: LookupOutputMode
  /// `int` mode: pad with 0 or truncate every row to this length (else to the longest row).
  public let outputSequenceLength: Int?
  /// Non-`int` modes: rows are `maxTokens` wide whatever the vocabulary size.
  public let padToMaxTokens: Bool
  /// `tf_idf` only: one weight per column (`"[UNK]"`, then each token).
  public private(set) var idfWeights: [Float]?
  /// The tokens (without special entries), in vocabulary order.
  var table = UTF8TokenTable()
  let tokenizer: TextTokenizer

  /// A layer with Keras's options (same defaults) and, optionally, a fixed vocabulary.
  ///
  /// A given vocabulary may start with the special entries exactly as ``vocabulary`` lists
  /// them (`""`, `"[UNK]"` in `int` mode; `"[UNK]"` otherwise); they are recognised and
  /// skipped. `idfWeights` (`tf_idf` only) has one weight per entry of `vocabulary`; without
  /// `"[UNK]"` in front, `"[UNK]"` gets their mean.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` as Keras raises `ValueError`:
  ///   output mode `one_hot`, `outputSequenceLength` outside `int` mode or negative,
  ///   `maxTokens` ≤ 1, `padToMaxTokens` without `maxTokens`, `idfWeights` outside `tf_idf`,
  ///   a `tf_idf` vocabulary without weights, an empty vocabulary, duplicates, `""` inside the
  ///   vocabulary, more entries than `maxTokens`, wrong weight count. Also (Reel only) n-gram
  ///   sizes below 1 or an empty size list.
  public init(
    maxTokens: Int? = nil, standardize: Standardize = .lowerAndStripPunctuation,
    split: Split = .whitespace,
    ngrams: NGrams? = nil, outputMode: LookupOutputMode = .int, outputSequenceLength: Int? = nil,
    padToMaxTokens: Bool = false, vocabulary: [String]? = nil, idfWeights: [Float]? = nil
  ) throws {
    self.maxTokens = maxTokens
    self.standardize = standardize
    self.split = split
    self.ngrams = ngrams
    self.outputMode = outputMode
    self.outputSequenceLength = outputSequenceLength
    self.padToMaxTokens = padToMaxTokens
    self.tokenizer = TextTokenizer(
      standardize: standardize, split: split, ngramSizes: ngrams?.sizes)
    func invalid(_ message: String) -> PreprocessingError {
      .invalidArgument(layer: "TextVectorization", message)
    }
    if outputMode == .oneHot {
      throw invalid("output mode one_hot is not supported (use int, multi_hot, count or tf_idf)")
    }
    if let ngrams, ngrams.sizes.isEmpty || ngrams.sizes.contains(where: { $0 < 1 }) {
      throw invalid("n-gram sizes must be ≥ 1, got \(ngrams.sizes)")
    }
    if let outputSequenceLength {
      guard outputMode == .int else { throw invalid("outputSequenceLength needs output mode int") }
      guard outputSequenceLength >= 0 else {
        throw invalid("outputSequenceLength must be ≥ 0, got \(outputSequenceLength)")
      }
    }
    if let maxTokens, maxTokens <= 1 {
      throw invalid("maxTokens must be greater than 1, got \(maxTokens)")
    }
    if padToMaxTokens, maxTokens == nil { throw invalid("padToMaxTokens needs maxTokens") }
    if idfWeights != nil, outputMode != .tfIDF {
      throw invalid("idfWeights are only for output mode tf_idf, got \(outputMode.rawValue)")
    }
    if let vocabulary {
      try setVocabulary(vocabulary, idfWeights: idfWeights)
    } else if idfWeights != nil {
      throw invalid("idfWeights need a vocabulary")
    }
  }

  /// 1 in `int` mode (the padding slot), else 0.
  public var paddingSlots: Int { outputMode == .int ? 1 : 0 }

  /// Index of the first token: the padding slot (in `int` mode) plus the `"[UNK]"` slot.
  public var tokenStart: Int { paddingSlots + 1 }

  /// Keras's `get_vocabulary()`: the special entries, then the tokens.
  ///
  /// - Complexity: O(v) (creates v strings).
  public var vocabulary: [String] { specialTokens + (0..<table.count).map { table.string($0) } }

  /// The tokens without the special entries (Keras's
  /// `get_vocabulary(include_special_tokens=False)`).
  public var tokens: [String] { (0..<table.count).map { table.string($0) } }

  /// Keras's `vocabulary_size()`: the special entries plus the tokens (just the special
  /// entries before adapt, as in Keras).
  public var vocabularySize: Int { tokenStart + table.count }

  var specialTokens: [String] {
    paddingSlots == 1 ? [Self.paddingToken, Self.oovToken] : [Self.oovToken]
  }

  /// The tokens of `text` after standardize, split and n-grams (Keras's `output_mode=None`).
  ///
  ///     try TextVectorization(ngrams: 2).tokenize("Toy Story (1995)")
  ///     // ["toy", "story", "1995", "toy story", "story 1995"]
  public func tokenize(_ text: String) -> [String] { tokenizer.tokens(text) }

  /// `int` output: each text's token indices (OOV 1, empty tokens 0), padded with 0 to the
  /// longest row or to `outputSequenceLength`, whose truncation keeps the first tokens.
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` without a vocabulary,
  ///   ``PreprocessingError/invalidArgument(layer:_:)`` outside `int` mode (use ``encode(_:)``).
  public func callAsFunction(_ texts: [String]) throws -> [[Int64]] {
    guard outputMode == .int else {
      throw PreprocessingError.invalidArgument(
        layer: "TextVectorization",
        "output mode is \(outputMode.rawValue): use encode(_:) instead of indices")
    }
    guard table.count > 0 else { throw PreprocessingError.notAdapted(layer: "TextVectorization") }
    var buffers = TextTokenizer.Buffers()
    var rows: [[Int64]] = []
    rows.reserveCapacity(texts.count)
    for text in texts {
      var row: [Int64] = []
      tokenizer.forEachToken(in: text, &buffers) { token in
        if token.isEmpty {
          row.append(0)
        } else {
          row.append(table.find(token).map { Int64(2 + $0) } ?? 1)
        }
      }
      rows.append(row)
    }
    let width = outputSequenceLength ?? rows.lazy.map(\.count).max() ?? 0
    for k in rows.indices where rows[k].count != width {
      if rows[k].count > width {
        rows[k].removeLast(rows[k].count - width)
      } else {
        rows[k].append(contentsOf: repeatElement(0, count: width - rows[k].count))
      }
    }
    return rows
  }

  /// `multi_hot`, `count` or `tf_idf` output: one row per text, `1 + tokens` wide (column 0 is
  /// `"[UNK]"`), or `maxTokens` wide with `padToMaxTokens`; empty tokens are not counted.
  ///
  ///     let tfidf = try TextVectorization(outputMode: .tfIDF, vocabulary: ["a", "b"],
  ///                                       idfWeights: [0.5, 2])
  ///     try tfidf.encode(["a b a zz"])   // [[1.25, 1.0, 2.0]]
  ///
  /// - Throws: ``PreprocessingError/notAdapted(layer:)`` without a vocabulary,
  ///   ``PreprocessingError/invalidArgument(layer:_:)`` in `int` mode.
  public func encode(_ texts: [String]) throws -> [[Float]] {
    guard outputMode != .int else {
      throw PreprocessingError.invalidArgument(
        layer: "TextVectorization", "encode needs a non-int output mode; call the layer for indices"
      )
    }
    guard table.count > 0 else { throw PreprocessingError.notAdapted(layer: "TextVectorization") }
    let depth = padToMaxTokens ? maxTokens ?? 0 : 1 + table.count
    var buffers = TextTokenizer.Buffers()
    var columns: [Int] = []
    return texts.map { text in
      columns.removeAll(keepingCapacity: true)
      tokenizer.forEachToken(in: text, &buffers) { token in
        if !token.isEmpty { columns.append(table.find(token).map { 1 + $0 } ?? 0) }
      }
      return CategoryEncoding.row(columns: columns, depth: depth, mode: outputMode, idf: idfWeights)
    }
  }

  /// A vocabulary given by the user (Keras's `set_vocabulary`).
  mutating func setVocabulary(_ vocabulary: [String], idfWeights: [Float]?) throws {
    func invalid(_ message: String) -> PreprocessingError {
      .invalidArgument(layer: "TextVectorization", message)
    }
    guard !vocabulary.isEmpty else { throw invalid("the vocabulary is empty") }
    let specials = specialTokens
    let withSpecials =
      vocabulary.count >= specials.count
      && zip(vocabulary, specials).allSatisfy { $0.utf8.elementsEqual($1.utf8) }
    var table = UTF8TokenTable()
    for (k, token) in vocabulary.enumerated().dropFirst(withSpecials ? specials.count : 0) {
      guard !token.isEmpty else { throw invalid("the padding token \"\" is vocabulary entry \(k)") }
      guard table.insert(token).inserted else {
        throw invalid("the vocabulary has a duplicate: \(token)")
      }
    }
    var columns: [Float]?
    if outputMode == .tfIDF {
      guard let idfWeights else {
        throw invalid("output mode tf_idf needs idfWeights with a vocabulary")
      }
      columns = try InverseDocumentFrequency.columns(
        given: idfWeights, vocabularyCount: vocabulary.count, givenWithSpecials: withSpecials,
        oovSlots: 1,
        layer: "TextVectorization")
    }
    try install(table, idfColumns: columns)
  }

  /// Installs a vocabulary table after the checks shared by given and adapted vocabularies.
  mutating func install(_ table: UTF8TokenTable, idfColumns: [Float]?) throws {
    func invalid(_ message: String) -> PreprocessingError {
      .invalidArgument(layer: "TextVectorization", message)
    }
    guard table.count > 0 else {
      throw invalid("the vocabulary has no tokens besides the special entries")
    }
    if let maxTokens, tokenStart + table.count > maxTokens {
      throw invalid(
        "a vocabulary of \(tokenStart + table.count) entries exceeds maxTokens \(maxTokens)")
    }
    self.table = table
    self.idfWeights = idfColumns
  }
}
