import ReelPipeline

/// A token a lookup layer can index: strings (``StringLookup``) or integers (``IntegerLookup``).
public protocol LookupToken: Hashable, Codable, Sendable {
  /// What lookup tables compare: the UTF-8 bytes for strings (``UTF8Key``), the value for
  /// integers. Keras compares bytes, so canonically equivalent strings stay distinct.
  associatedtype Key: Hashable, Sendable
  var lookupKey: Key { get }
  init(lookupKey: Key)
  /// Keras's adapt tie-break: tokens with equal counts are ordered by this key, descending
  /// (byte order for strings, numeric order for integers).
  static func tieBreakDescending(_ a: Self, _ b: Self) -> Bool
  /// The OOV slot of an unknown token among `slots` (> 1) slots.
  func oovSlot(_ slots: Int) throws -> Int
}

extension String: LookupToken {
  public var lookupKey: UTF8Key { UTF8Key(self) }
  public init(lookupKey: UTF8Key) { self = lookupKey.string }

  public static func tieBreakDescending(_ a: String, _ b: String) -> Bool {
    b.utf8.lexicographicallyPrecedes(a.utf8)
  }

  /// Keras's `tf.strings.to_hash_bucket_fast(x, n)`: FarmHash Fingerprint64 of the UTF-8
  /// bytes modulo `n`.
  public func oovSlot(_ slots: Int) -> Int { FarmHashFingerprint64.bucket(self, slots) }
}

extension Int64: LookupToken {
  public var lookupKey: Int64 { self }
  public init(lookupKey: Int64) { self = lookupKey }

  public static func tieBreakDescending(_ a: Int64, _ b: Int64) -> Bool { a > b }

  /// Keras's `floormod(x, n)`.
  public func oovSlot(_ slots: Int) throws -> Int {
    let r = Int(self % Int64(slots))
    return r < 0 ? r + slots : r
  }
}

/// The shared logic of Keras's `StringLookup` and `IntegerLookup` (`index_lookup.py`): index
/// layout `[mask] + OOV slots + tokens`, adapt by count descending with ties broken by token
/// descending, `maxTokens` counting the mask and OOV slots, int output and `invert`, and the
/// `one_hot` / `multi_hot` / `count` / `tf_idf` encodings.
///
///     var lookup = StringLookup()                        // mask nil, 1 OOV slot "[UNK]"
///     try lookup.adapt(Datasets.from(["b", "a", "b"]))
///     lookup.vocabulary                                   // ["[UNK]", "b", "a"]
///     try lookup(["a", "zzz", "b"])                       // [2, 0, 1]
///
/// As in Keras, the mask slot exists only in `int` mode: in the other modes the mask token
/// has no index and no column, and `maxTokens` counts only the OOV slots and the tokens.
///
/// - Complexity: adapt O(n) expected plus O(v log v) to sort v distinct tokens; lookup O(1)
///   expected per token.
public struct IndexLookup<Token: LookupToken>: Sendable, Equatable {
  public let layerName: String
  public let maxTokens: Int?
  public let numOOVIndices: Int
  public let maskToken: Token?
  public let oovToken: Token
  /// Map indices back to tokens instead of tokens to indices (`int` mode only).
  public var invert: Bool
  /// Keras's `output_mode`.
  public let outputMode: OutputMode
  /// Keras's `pad_to_max_tokens`: encoded rows are `maxTokens` wide whatever the vocabulary
  /// size (`multi_hot`, `count`, `tf_idf`, `one_hot`).
  public let padToMaxTokens: Bool
  /// The learned or given tokens (without mask and OOV entries).
  public private(set) var tokens: [Token] = []
  /// `tf_idf` only: one inverse document frequency per encoded column, that is per OOV slot
  /// (the mean of the token weights unless given) and then per token.
  public private(set) var idfWeights: [Float]?
  /// Position of each token in `tokens`, by its byte-exact key.
  var positions: [Token.Key: Int] = [:]

  /// Output modes (Keras's `output_mode`).
  public typealias OutputMode = LookupOutputMode

  /// A layer with the given options and, optionally, a fixed vocabulary (Keras's `vocabulary=`,
  /// with `idf_weights=` in `tf_idf` mode).
  ///
  /// A given vocabulary may start with the special tokens, exactly as ``vocabulary`` lists them
  /// (`[mask]` in `int` mode, then the OOV token per OOV slot); they are recognised and
  /// skipped. `idfWeights` has one weight per entry of `vocabulary`; without the special
  /// tokens in front, the OOV slots get the mean weight.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` as Keras raises `ValueError`:
  ///   `maxTokens` ≤ 1, `padToMaxTokens` without `maxTokens`, negative OOV slots, `invert`
  ///   outside `int` mode, `idfWeights` outside `tf_idf` mode or without a vocabulary, a
  ///   `tf_idf` vocabulary without weights, an empty vocabulary, duplicates, the mask token
  ///   in the vocabulary (or the OOV token with `invert`), more entries than `maxTokens`.
  public init(
    layerName: String, maxTokens: Int?, numOOVIndices: Int, maskToken: Token?, oovToken: Token,
    vocabulary: [Token]?, idfWeights: [Float]? = nil, invert: Bool, outputMode: OutputMode = .int,
    padToMaxTokens: Bool = false
  ) throws {
    self.layerName = layerName
    self.maxTokens = maxTokens
    self.numOOVIndices = numOOVIndices
    self.maskToken = maskToken
    self.oovToken = oovToken
    self.invert = invert
    self.outputMode = outputMode
    self.padToMaxTokens = padToMaxTokens
    if let maxTokens, maxTokens <= 1 {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "maxTokens must be greater than 1, got \(maxTokens)")
    }
    if padToMaxTokens, maxTokens == nil {
      throw PreprocessingError.invalidArgument(layer: layerName, "padToMaxTokens needs maxTokens")
    }
    guard numOOVIndices >= 0 else {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "numOOVIndices must be ≥ 0, got \(numOOVIndices)")
    }
    if invert, outputMode != .int {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "invert needs output mode int, got \(outputMode.rawValue)")
    }
    if idfWeights != nil, outputMode != .tfIDF {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "idfWeights are only for output mode tf_idf, got \(outputMode.rawValue)")
    }
    if let vocabulary {
      try setVocabulary(vocabulary, idfWeights: idfWeights)
    } else if idfWeights != nil {
      throw PreprocessingError.invalidArgument(layer: layerName, "idfWeights need a vocabulary")
    }
  }

  /// 1 when the layout has a mask slot (a mask token in `int` mode), else 0.
  public var maskSlots: Int { maskToken != nil && outputMode == .int ? 1 : 0 }

  /// Index of the first learned token: the mask slot (if any) plus the OOV slots.
  public var tokenStart: Int { maskSlots + numOOVIndices }

  /// Keras's `get_vocabulary()`: `[mask] + [oov] × numOOVIndices + tokens`.
  public var vocabulary: [Token] { specialTokens + tokens }

  /// Keras's `vocabulary_size()`.
  public var vocabularySize: Int { tokenStart + tokens.count }

  /// The entries in front of the tokens: the mask (in `int` mode) and the OOV slots.
  var specialTokens: [Token] {
    (maskSlots == 1 ? [maskToken!] : []) + Array(repeating: oovToken, count: numOOVIndices)
  }

  /// A vocabulary given by the user (Keras's `set_vocabulary`).
  mutating func setVocabulary(_ vocabulary: [Token], idfWeights: [Float]?) throws {
    guard !vocabulary.isEmpty else {
      throw PreprocessingError.invalidArgument(layer: layerName, "the vocabulary is empty")
    }
    let specials = specialTokens
    let withSpecials = vocabulary.lazy.map(\.lookupKey).starts(with: specials.lazy.map(\.lookupKey))
    let tokens = withSpecials ? Array(vocabulary.dropFirst(specials.count)) : vocabulary
    var columns: [Float]?
    if outputMode == .tfIDF {
      guard let idfWeights else {
        throw PreprocessingError.invalidArgument(
          layer: layerName, "output mode tf_idf needs idfWeights with a vocabulary")
      }
      columns = try InverseDocumentFrequency.columns(
        given: idfWeights, vocabularyCount: vocabulary.count, givenWithSpecials: withSpecials,
        oovSlots: numOOVIndices, layer: layerName)
    }
    try setTokens(tokens, idfColumns: columns)
  }

  /// Installs `tokens` (no special entries) and the `tf_idf` column weights after checking
  /// them; used by given vocabularies, adapt and decoding.
  mutating func setTokens(_ tokens: [Token], idfColumns: [Float]?) throws {
    guard !tokens.isEmpty else {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "the vocabulary has no tokens besides the mask and OOV tokens")
    }
    var positions: [Token.Key: Int] = [:]
    positions.reserveCapacity(tokens.count)
    for (k, token) in tokens.enumerated() {
      if isMask(token) {
        throw PreprocessingError.invalidArgument(
          layer: layerName, "the mask token is vocabulary entry \(tokenStart + k)")
      }
      if invert, numOOVIndices > 0, token.lookupKey == oovToken.lookupKey {
        throw PreprocessingError.invalidArgument(
          layer: layerName, "with invert the OOV token cannot be vocabulary entry \(tokenStart + k)"
        )
      }
      guard positions.updateValue(k, forKey: token.lookupKey) == nil else {
        throw PreprocessingError.invalidArgument(
          layer: layerName, "the vocabulary has a duplicate: \(token)")
      }
    }
    if let maxTokens, tokenStart + tokens.count > maxTokens {
      throw PreprocessingError.invalidArgument(
        layer: layerName,
        "a vocabulary of \(tokenStart + tokens.count) entries exceeds maxTokens \(maxTokens)")
    }
    if outputMode == .tfIDF {
      guard let idfColumns, idfColumns.count == numOOVIndices + tokens.count else {
        throw PreprocessingError.invalidArgument(
          layer: layerName,
          "tf_idf needs \(numOOVIndices + tokens.count) idf weights, got \(idfColumns?.count ?? 0)")
      }
    } else if idfColumns != nil {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "idf weights are only for output mode tf_idf")
    }
    self.tokens = tokens
    self.positions = positions
    self.idfWeights = idfColumns
  }

  /// The index of each token (int output mode).
  ///
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` for an unknown token when there
  ///   are no OOV slots; ``PreprocessingError/invalidArgument(layer:_:)`` when the output mode
  ///   is not `int` (use ``encode(_:)``).
  public func callAsFunction(_ input: [Token]) throws -> [Int64] {
    guard outputMode == .int else {
      throw PreprocessingError.invalidArgument(
        layer: layerName, "output mode is \(outputMode.rawValue): use encode(_:) instead of indices"
      )
    }
    return try input.map { try indexOf($0) }
  }

  /// The `int`-mode index of `token` (the mask gives 0).
  func indexOf(_ token: Token) throws -> Int64 {
    if isMask(token) { return 0 }
    if let p = positions[token.lookupKey] { return Int64(tokenStart + p) }
    return Int64(maskSlots + (try oovSlot(token)))
  }

  /// Whether `token` is the mask token, byte for byte.
  func isMask(_ token: Token) -> Bool { maskToken.map { $0.lookupKey == token.lookupKey } ?? false }

  /// The OOV slot (0-based among the OOV slots) of a token outside the vocabulary.
  func oovSlot(_ token: Token) throws -> Int {
    switch numOOVIndices {
    case 0:
      throw PreprocessingError.invalidInput(
        layer: layerName, "'\(token)' is not in the vocabulary and numOOVIndices is 0")
    case 1: return 0
    default: return try token.oovSlot(numOOVIndices)
    }
  }

  /// `invert`: the token of each index; OOV indices, and (as in Keras) indices outside the
  /// vocabulary, give the OOV token.
  public func tokens(for indices: [Int64]) -> [Token] {
    let vocabulary = self.vocabulary
    return indices.map { i in i >= 0 && i < Int64(vocabulary.count) ? vocabulary[Int(i)] : oovToken
    }
  }
}

/// Keras's `StringLookup`.
public typealias StringLookup = IndexLookup<String>
/// Keras's `IntegerLookup` (64-bit integer tokens).
public typealias IntegerLookup = IndexLookup<Int64>

extension IndexLookup where Token == String {
  /// `StringLookup(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
  /// vocabulary=None, idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False)`.
  public init(
    maxTokens: Int? = nil, numOOVIndices: Int = 1, maskToken: String? = nil,
    oovToken: String = "[UNK]",
    vocabulary: [String]? = nil, idfWeights: [Float]? = nil, invert: Bool = false,
    outputMode: OutputMode = .int, padToMaxTokens: Bool = false
  ) throws {
    try self.init(
      layerName: "StringLookup", maxTokens: maxTokens, numOOVIndices: numOOVIndices,
      maskToken: maskToken,
      oovToken: oovToken, vocabulary: vocabulary, idfWeights: idfWeights, invert: invert,
      outputMode: outputMode,
      padToMaxTokens: padToMaxTokens)
  }
}

extension IndexLookup where Token == Int64 {
  /// `IntegerLookup(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
  /// vocabulary=None, idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False)`.
  public init(
    maxTokens: Int? = nil, numOOVIndices: Int = 1, maskToken: Int64? = nil, oovToken: Int64 = -1,
    vocabulary: [Int64]? = nil, idfWeights: [Float]? = nil, invert: Bool = false,
    outputMode: OutputMode = .int, padToMaxTokens: Bool = false
  ) throws {
    try self.init(
      layerName: "IntegerLookup", maxTokens: maxTokens, numOOVIndices: numOOVIndices,
      maskToken: maskToken,
      oovToken: oovToken, vocabulary: vocabulary, idfWeights: idfWeights, invert: invert,
      outputMode: outputMode,
      padToMaxTokens: padToMaxTokens)
  }
}
