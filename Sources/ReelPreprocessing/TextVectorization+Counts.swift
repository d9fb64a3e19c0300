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
    var occurrences: [Int] = []
    var documentFrequencies: [Int] = []
    /// The last document each token was seen in (to count it once per document).
    var lastDocument: [Int] = []
    /// The number of documents (texts) counted.
    public private(set) var documentCount = 0

    public init() {}

    /// The number of distinct tokens counted.
    public var distinctTokens: Int { table.count }

    /// How often `token` occurred.
    public func count(of token: String) -> Int { table.find(token).map { occurrences[$0] } ?? 0 }

    /// In how many documents `token` occurred.
    public func documentFrequency(of token: String) -> Int {
      table.find(token).map { documentFrequencies[$0] } ?? 0
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
        occurrences.append(1)
        documentFrequencies.append(1)
        lastDocument.append(document)
      } else {
        occurrences[id] += 1
        if lastDocument[id] != document {
          documentFrequencies[id] += 1
          lastDocument[id] = document
        }
      }
    }

    /// Adds the counts of another partition.
    ///
    /// - Complexity: O(distinct tokens of `other`) expected.
    public mutating func merge(_ other: Counts) {
      for j in 0..<other.table.count {
        let (id, inserted) = table.insert(j, of: other.table)
        if inserted {
          occurrences.append(other.occurrences[j])
          documentFrequencies.append(other.documentFrequencies[j])
          lastDocument.append(-1)
        } else {
          occurrences[id] += other.occurrences[j]
          documentFrequencies[id] += other.documentFrequencies[j]
        }
      }
      documentCount += other.documentCount
    }

    public static func == (a: Counts, b: Counts) -> Bool {
      guard a.documentCount == b.documentCount, a.table.count == b.table.count else { return false }
      for i in 0..<a.table.count {
        let found = a.table.bytes.withUnsafeBytes { b.table.find(UnsafeRawBufferPointer(rebasing: $0[a.table.range(i)])) }
        guard let j = found, a.occurrences[i] == b.occurrences[j], a.documentFrequencies[i] == b.documentFrequencies[j]
        else { return false }
      }
      return true
    }

    private enum CodingKeys: String, CodingKey { case tokens, counts, documentFrequencies, documentCount }

    public func encode(to encoder: Encoder) throws {
      var c = encoder.container(keyedBy: CodingKeys.self)
      try c.encode((0..<table.count).map { table.string($0) }, forKey: .tokens)
      try c.encode(occurrences, forKey: .counts)
      try c.encode(documentFrequencies, forKey: .documentFrequencies)
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
      func invalid(_ message: String) -> PreprocessingError { .invalidState(layer: "TextVectorization.Counts", message) }
      guard counts.count == tokens.count, frequencies.count == tokens.count else {
        throw invalid("\(tokens.count) tokens but \(counts.count) counts and \(frequencies.count) document frequencies")
      }
      guard documentCount >= 0 else { throw invalid("negative documentCount \(documentCount)") }
      for (k, token) in tokens.enumerated() {
        guard table.insert(token).inserted else { throw invalid("duplicate token \(token)") }
        guard counts[k] >= 1, frequencies[k] >= 1, frequencies[k] <= min(counts[k], documentCount) else {
          throw invalid("token \(token): count \(counts[k]), document frequency \(frequencies[k]), \(documentCount) documents")
        }
      }
      occurrences = counts
      documentFrequencies = frequencies
      lastDocument = Array(repeating: -1, count: tokens.count)
    }
  }
}
