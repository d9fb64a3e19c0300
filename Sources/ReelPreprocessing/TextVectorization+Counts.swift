extension TextVectorization {
  /// Token counts, document frequencies (each text is one document) and the document count
  /// that adapt accumulates: mergeable, so partitions can be counted on other cores or
  /// machines and finalized together into the same vocabulary, and `Codable`.
  ///
  ///     let layer = try TextVectorization()
  ///     var a = try layer.counts(Datasets.from(["a b a"]))
  ///     a.merge(try layer.counts(Datasets.from(["b c"])))
  ///     a.count(of: "a")                // 2
  ///     a.documentFrequency(of: "b")    // 2
  ///     a.documentCount                 // 2
  public struct Counts: Sendable, Equatable, Codable {
    var table = UTF8TokenTable()
    /// Per token id (one record, so counting a token touches one cache line).
    var stats: [TokenStats] = []
    /// The number of documents (texts) counted.
    public private(set) var documentCount = 0

    public init() {}

    /// The number of distinct tokens counted.
    public var distinctTokens: Int { table.count }

    /// How often `token` occurred.
    public func count(of token: String) -> Int { table.find(token).map { stats[$0].count } ?? 0 }

    /// In how many documents `token` occurred.
    public func documentFrequency(of token: String) -> Int {
      table.find(token).map { stats[$0].documentFrequency } ?? 0
    }

    /// Starts a new document and returns its number.
    mutating func beginDocument() -> Int {
      documentCount += 1
      return documentCount - 1
    }

    /// Counts one occurrence of `token` in document `document`.
    @inline(__always)
    mutating func add(_ token: UnsafeRawBufferPointer, document: Int) {
      let (id, inserted) = table.insert(token)
      if inserted {
        stats.append(TokenStats(count: 1, documentFrequency: 1, lastDocument: document))
      } else {
        stats.withUnsafeMutableBufferPointer { stats in
          stats[id].count += 1
          if stats[id].lastDocument != document {
            stats[id].documentFrequency += 1
            stats[id].lastDocument = document
          }
        }
      }
    }

    /// Adds the counts of another partition.
    ///
    /// - Complexity: O(distinct tokens of `other`) expected.
    public mutating func merge(_ other: Counts) {
      for j in 0..<other.table.count {
        let (id, inserted) = table.insert(j, of: other.table)
        let theirs = other.stats[j]
        if inserted {
          stats.append(
            TokenStats(
              count: theirs.count, documentFrequency: theirs.documentFrequency, lastDocument: -1))
        } else {
          stats[id].count += theirs.count
          stats[id].documentFrequency += theirs.documentFrequency
        }
      }
      documentCount += other.documentCount
    }

    public static func == (a: Counts, b: Counts) -> Bool {
      guard a.documentCount == b.documentCount, a.table.count == b.table.count else { return false }
      for i in 0..<a.table.count {
        let found = a.table.bytes.withUnsafeBytes {
          b.table.find(UnsafeRawBufferPointer(rebasing: $0[a.table.range(i)]))
        }
        guard let j = found, a.stats[i].count == b.stats[j].count,
          a.stats[i].documentFrequency == b.stats[j].documentFrequency
        else { return false }
      }
      return true
    }

    private enum CodingKeys: String, CodingKey {
      case tokens, counts, documentFrequencies, documentCount
    }

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode((0..<table.count).map { table.string($0) }, forKey: .tokens)
      try c.encode(stats.map(\.count), forKey: .counts)
      try c.encode(stats.map(\.documentFrequency), forKey: .documentFrequencies)
      try c.encode(documentCount, forKey: .documentCount)
    }

    /// Decodes saved counts, checking one count and document frequency per distinct token,
    /// counts ≥ 1 and 1 ≤ document frequency ≤ min(count, document count).
    ///
    /// - Throws: ``PreprocessingError/invalidState(layer:_:)`` otherwise.
    public init(from decoder: Decoder) throws {
      let c = try decoder.container(keyedBy: CodingKeys.self)
      let tokens = try c.decode([String].self, forKey: .tokens)
      let counts = try c.decode([Int].self, forKey: .counts)
      let frequencies = try c.decode([Int].self, forKey: .documentFrequencies)
      documentCount = try c.decode(Int.self, forKey: .documentCount)
      func invalid(_ message: String) -> PreprocessingError {
        .invalidState(layer: "TextVectorization.Counts", message)
      }
      guard counts.count == tokens.count, frequencies.count == tokens.count else {
        throw invalid(
          "\(tokens.count) tokens but \(counts.count) counts and \(frequencies.count) document frequencies"
        )
      }
      guard documentCount >= 0 else { throw invalid("negative documentCount \(documentCount)") }
      for (k, token) in tokens.enumerated() {
        guard table.insert(token).inserted else { throw invalid("duplicate token \(token)") }
        guard counts[k] >= 1, frequencies[k] >= 1, frequencies[k] <= min(counts[k], documentCount)
        else {
          throw invalid(
            "token \(token): count \(counts[k]), document frequency \(frequencies[k]), \(documentCount) documents"
          )
        }
      }
      stats = zip(counts, frequencies).map {
        TokenStats(count: $0, documentFrequency: $1, lastDocument: -1)
      }
    }
  }

  /// What ``Counts`` records for one token.
  struct TokenStats: Sendable {
    var count: Int
    var documentFrequency: Int
    /// The last document the token was seen in (to count it once per document).
    var lastDocument: Int
  }
}
