import ReelPipeline

/// A token a lookup layer can index: strings (``StringLookup``) or integers (``IntegerLookup``).
public protocol LookupToken: Hashable, Codable, Sendable {
  /// Keras's adapt tie-break: tokens with equal counts are ordered by this key, descending
  /// (byte order for strings, numeric order for integers).
  static func tieBreakDescending(_ a: Self, _ b: Self) -> Bool
  /// The OOV slot of an unknown token among `slots` (> 1) slots.
  func oovSlot(_ slots: Int) throws -> Int
}

extension String: LookupToken {
  public static func tieBreakDescending(_ a: String, _ b: String) -> Bool {
    a.utf8.lexicographicallyPrecedes(b.utf8) == false && a != b
  }

  /// Keras's `tf.strings.to_hash_bucket_fast(x, n)`: FarmHash Fingerprint64 of the UTF-8
  /// bytes modulo `n`.
  public func oovSlot(_ slots: Int) -> Int { FarmHashFingerprint64.bucket(self, slots) }
}

extension Int64: LookupToken {
  public static func tieBreakDescending(_ a: Int64, _ b: Int64) -> Bool { a > b }

  /// Keras's `floormod(x, n)`.
  public func oovSlot(_ slots: Int) throws -> Int {
    let r = Int(self % Int64(slots))
    return r < 0 ? r + slots : r
  }
}

/// The shared logic of Keras's `StringLookup` and `IntegerLookup` (`index_lookup.py`): index
/// layout `[mask] + OOV slots + tokens`, adapt by count descending with ties broken by token
/// descending, `maxTokens` counting the mask and OOV slots, int output and `invert`.
///
///     var lookup = StringLookup()                        // mask nil, 1 OOV slot "[UNK]"
///     try lookup.adapt(Datasets.from(["b", "a", "b"]))
///     lookup.vocabulary                                   // ["[UNK]", "b", "a"]
///     try lookup(["a", "zzz", "b"])                       // [2, 0, 1]
///
/// - Complexity: adapt O(n) expected plus O(v log v) to sort v distinct tokens; lookup O(1)
///   expected per token.
public struct IndexLookup<Token: LookupToken>: Codable, Sendable, Equatable {
  public let layerName: String
  public let maxTokens: Int?
  public let numOOVIndices: Int
  public let maskToken: Token?
  public let oovToken: Token
  /// Map indices back to tokens instead of tokens to indices.
  public var invert: Bool
  /// The learned or given tokens (without mask and OOV entries).
  public private(set) var tokens: [Token] = []
  private var index: [Token: Int] = [:]

  /// A layer with the given options and, optionally, a fixed vocabulary (Keras's `vocabulary=`).
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` for negative OOV slots, a
  ///   `maxTokens` smaller than the reserved slots, or a vocabulary with duplicates or with
  ///   the mask or OOV token.
  public init(
    layerName: String, maxTokens: Int?, numOOVIndices: Int, maskToken: Token?, oovToken: Token,
    vocabulary: [Token]?, invert: Bool
  ) throws {
    self.layerName = layerName
    self.maxTokens = maxTokens
    self.numOOVIndices = numOOVIndices
    self.maskToken = maskToken
    self.oovToken = oovToken
    self.invert = invert
    guard numOOVIndices >= 0 else {
      throw PreprocessingError.invalidArgument(layer: layerName, "numOOVIndices must be ≥ 0, got \(numOOVIndices)")
    }
    if let maxTokens, maxTokens <= 1 {
      throw PreprocessingError.invalidArgument(layer: layerName, "maxTokens must be greater than 1, got \(maxTokens)")
    }
    if let vocabulary { try setVocabulary(vocabulary) }
  }

  /// Index of the first learned token: the mask slot (if any) plus the OOV slots.
  public var tokenStart: Int { (maskToken == nil ? 0 : 1) + numOOVIndices }

  /// Keras's `get_vocabulary()`: `[mask] + [oov] × numOOVIndices + tokens`.
  public var vocabulary: [Token] {
    (maskToken.map { [$0] } ?? []) + Array(repeating: oovToken, count: numOOVIndices) + tokens
  }

  /// Keras's `vocabulary_size()`.
  public var vocabularySize: Int { tokenStart + tokens.count }

  mutating func setVocabulary(_ vocabulary: [Token]) throws {
    var seen: [Token: Int] = [:]
    for (k, token) in vocabulary.enumerated() {
      guard token != maskToken, token != oovToken || numOOVIndices == 0 else {
        throw PreprocessingError.invalidArgument(layer: layerName, "vocabulary entry \(k) is the mask or OOV token")
      }
      guard seen.updateValue(k, forKey: token) == nil else {
        throw PreprocessingError.invalidArgument(layer: layerName, "vocabulary has a duplicate: \(token)")
      }
    }
    tokens = vocabulary
    index = Dictionary(uniqueKeysWithValues: vocabulary.enumerated().map { ($1, tokenStart + $0) })
  }

  /// Token counts accumulated by ``adapt(_:)``; mergeable across partitions.
  public struct Counts: Sendable {
    public var counts: [Token: Int] = [:]
    public init() {}
    public mutating func add<S: Sequence>(_ tokens: S) where S.Element == Token {
      for token in tokens { counts[token, default: 0] += 1 }
    }
    public mutating func merge(_ other: Counts) { counts.merge(other.counts, uniquingKeysWith: +) }
  }

  /// Sets the vocabulary from counts: mask and OOV tokens removed, count descending, ties by
  /// token descending, truncated to `maxTokens - tokenStart`.
  public mutating func finalize(_ counts: Counts) throws {
    var entries = counts.counts.filter { $0.key != maskToken && $0.key != oovToken }.map { ($0.key, $0.value) }
    entries.sort { a, b in a.1 != b.1 ? a.1 > b.1 : Token.tieBreakDescending(a.0, b.0) }
    if let maxTokens {
      guard maxTokens > tokenStart else {
        throw PreprocessingError.invalidArgument(
          layer: layerName, "maxTokens \(maxTokens) leaves no room for tokens after \(tokenStart) reserved slots")
      }
      entries = Array(entries.prefix(maxTokens - tokenStart))
    }
    try setVocabulary(entries.map(\.0))
  }

  /// Adapts the vocabulary over every token of `dataset`.
  public mutating func adapt<D: Dataset>(_ dataset: D) throws where D.Element == Token {
    var counts = Counts()
    try dataset.forEach { counts.add(CollectionOfOne($0)) }
    guard !counts.counts.isEmpty else { throw PreprocessingError.notAdapted(layer: layerName) }
    try finalize(counts)
  }

  /// The index of each token (int output mode).
  ///
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` for an unknown token when there
  ///   are no OOV slots.
  public func callAsFunction(_ input: [Token]) throws -> [Int64] {
    try input.map { try indexOf($0) }
  }

  func indexOf(_ token: Token) throws -> Int64 {
    if let maskToken, token == maskToken { return 0 }
    if let i = index[token] { return Int64(i) }
    let base = maskToken == nil ? 0 : 1
    switch numOOVIndices {
    case 0: throw PreprocessingError.invalidInput(layer: layerName, "'\(token)' is not in the vocabulary and numOOVIndices is 0")
    case 1: return Int64(base)
    default: return Int64(base + (try token.oovSlot(numOOVIndices)))
    }
  }

  /// `invert`: the token of each index; OOV indices, and (as in Keras) indices outside the
  /// vocabulary, give the OOV token.
  public func tokens(for indices: [Int64]) -> [Token] {
    let vocabulary = self.vocabulary
    return indices.map { i in i >= 0 && i < Int64(vocabulary.count) ? vocabulary[Int(i)] : oovToken }
  }

  /// Keras's `one_hot` (one row per input token), `multi_hot` or `count` (one row per input
  /// row): the mask token has no column and masked inputs are not counted.
  public func encode(_ rows: [[Token]], mode: OutputMode) throws -> [[Float]] {
    let shift = maskToken == nil ? 0 : 1
    let depth = vocabularySize - shift
    func slot(_ token: Token) throws -> Int? {
      if let maskToken, token == maskToken { return nil }
      return Int(try indexOf(token)) - shift
    }
    switch mode {
    case .oneHot:
      return try rows.flatMap { $0 }.map { token in
        var row = [Float](repeating: 0, count: depth)
        if let s = try slot(token) { row[s] = 1 }
        return row
      }
    case .multiHot, .count:
      return try rows.map { tokens in
        var row = [Float](repeating: 0, count: depth)
        for token in tokens {
          guard let s = try slot(token) else { continue }
          row[s] = mode == .count ? row[s] + 1 : 1
        }
        return row
      }
    }
  }

  /// Output modes besides `int`.
  public enum OutputMode: String, Codable, Sendable { case oneHot = "one_hot", multiHot = "multi_hot", count }
}

/// Keras's `StringLookup`.
public typealias StringLookup = IndexLookup<String>
/// Keras's `IntegerLookup` (64-bit integer tokens).
public typealias IntegerLookup = IndexLookup<Int64>

extension IndexLookup where Token == String {
  /// `StringLookup(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]")`.
  public init(
    maxTokens: Int? = nil, numOOVIndices: Int = 1, maskToken: String? = nil, oovToken: String = "[UNK]",
    vocabulary: [String]? = nil, invert: Bool = false
  ) throws {
    try self.init(
      layerName: "StringLookup", maxTokens: maxTokens, numOOVIndices: numOOVIndices, maskToken: maskToken,
      oovToken: oovToken, vocabulary: vocabulary, invert: invert)
  }
}

extension IndexLookup where Token == Int64 {
  /// `IntegerLookup(max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1)`.
  public init(
    maxTokens: Int? = nil, numOOVIndices: Int = 1, maskToken: Int64? = nil, oovToken: Int64 = -1,
    vocabulary: [Int64]? = nil, invert: Bool = false
  ) throws {
    try self.init(
      layerName: "IntegerLookup", maxTokens: maxTokens, numOOVIndices: numOOVIndices, maskToken: maskToken,
      oovToken: oovToken, vocabulary: vocabulary, invert: invert)
  }
}
