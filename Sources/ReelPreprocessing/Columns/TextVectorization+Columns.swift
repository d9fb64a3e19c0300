import Foundation
import ReelPipeline

extension TextVectorization: ColumnLayer {
  public var layerName: String { "TextVectorization" }

  /// A scalar string column of texts becomes, in `int` mode, an int64 list column of token
  /// indices padded with 0 to the longest row of the batch (or cut / padded to
  /// ``outputSequenceLength``, which gives every batch the same width); in `multi_hot` /
  /// `count` / `tf_idf`, a list column of equal-width float rows.
  ///
  /// - Complexity: O(bytes + tokens) per batch.
  public func columnTransform() throws -> ColumnTransform {
    let layer = self
    return ColumnTransform(layerName: layerName) { columns in
      let column = columns[0]
      guard case .string(let strings) = column.values, !column.isList else {
        throw PreprocessingError.invalidInput(
          layer: "TextVectorization", "expects a scalar string column of texts, got \(column.isList ? "a list" : column.type.rawValue) column")
      }
      if layer.outputMode == .int { return try layer.indexColumn(strings) }
      let rows = try layer.encode(Array(strings))
      return ColumnValues.fixedRows(rows.flatMap { $0 }, width: rows.first?.count ?? 0)
    }
  }

  /// Adapts over the texts of column `column` of every batch (each text one document).
  ///
  ///     var titles = TextVectorization(maxTokens: 10_000)
  ///     try titles.adapt(movies, column: "movie_title")
  public mutating func adapt<D: Dataset>(_ dataset: D, column: String) throws where D.Element == FeatureBatch {
    try adapt(partitions: [dataset], column: column)
  }

  /// Adapts over partitions on one thread each; the merged counts give exactly the
  /// vocabulary (and idf weights) of a single pass.
  public mutating func adapt<D: Dataset>(partitions: [D], column: String) throws where D.Element == FeatureBatch {
    let layer = self
    let merged = try ParallelAdapt.run(
      partitions,
      partial: { partition -> Counts in
        var counts = Counts()
        var buffers = TextTokenizer.Buffers()
        try partition.forEach { batch in
          guard let values = batch[column], case .string(let strings) = values.values else {
            throw PreprocessingError.invalidInput(
              layer: "TextVectorization", "the batch has no string column '\(column)'")
          }
          layer.accumulate(utf8: strings, into: &counts, &buffers)
        }
        return counts
      },
      merge: { $0.merge($1) })
    guard let merged, merged.documentCount > 0 else { throw PreprocessingError.notAdapted(layer: "TextVectorization") }
    try finalize(merged)
  }
}

extension TextVectorization {
  /// Calls `body` with the column's bytes, the one-pass byte actions and a scratch buffer as
  /// long as the longest text.
  static func withScratch(
    for strings: StringArray, actions: [UInt8],
    _ body: (UnsafeRawBufferPointer, UnsafePointer<UInt8>, UnsafeMutableRawPointer) -> Void
  ) {
    var longest = 0
    for i in 0..<strings.count { longest = max(longest, strings.offsets[i + 1] - strings.offsets[i]) }
    let scratch = UnsafeMutableRawPointer.allocate(byteCount: max(1, longest), alignment: 8)
    defer { scratch.deallocate() }
    strings.bytes.withUnsafeBytes { bytes in
      actions.withUnsafeBufferPointer { actions in body(bytes, actions.baseAddress!, scratch) }
    }
  }

  /// Counts the texts of a column from their bytes, each text one document.
  func accumulate(utf8 strings: StringArray, into counts: inout Counts, _ buffers: inout TextTokenizer.Buffers) {
    if let actions = tokenizer.onePassActions {
      Self.withScratch(for: strings, actions: actions) { bytes, actions, scratch in
        for i in 0..<strings.count {
          let document = counts.beginDocument()
          let text = UnsafeRawBufferPointer(rebasing: bytes[strings.offsets[i]..<strings.offsets[i + 1]])
          TextTokenizer.forEachOnePassToken(in: text, actions: actions, scratch: scratch) {
            counts.add($0, document: document)
          }
        }
      }
      return
    }
    strings.bytes.withUnsafeBytes { bytes in
      for i in 0..<strings.count {
        let document = counts.beginDocument()
        let text = UnsafeRawBufferPointer(rebasing: bytes[strings.offsets[i]..<strings.offsets[i + 1]])
        tokenizer.forEachToken(inUTF8: text, &buffers) { counts.add($0, document: document) }
      }
    }
  }

  /// `int` output over a column's bytes: one flat index buffer, padded or cut per row at the
  /// end, with no `String` or per-row array.
  func indexColumn(_ strings: StringArray) throws -> FeatureColumn {
    guard table.count > 0 else { throw PreprocessingError.notAdapted(layer: "TextVectorization") }
    var buffers = TextTokenizer.Buffers()
    var flat: [Int64] = []
    var ends: [Int] = []
    flat.reserveCapacity(strings.count * 8)
    ends.reserveCapacity(strings.count)
    let table = self.table
    let limit = outputSequenceLength ?? Int.max
    if let actions = tokenizer.onePassActions {
      Self.withScratch(for: strings, actions: actions) { bytes, actions, scratch in
        for i in 0..<strings.count {
          let text = UnsafeRawBufferPointer(rebasing: bytes[strings.offsets[i]..<strings.offsets[i + 1]])
          var kept = 0
          TextTokenizer.forEachOnePassToken(in: text, actions: actions, scratch: scratch) { token in
            guard kept < limit else { return }
            kept += 1
            flat.append(table.find(token).map { Int64(2 + $0) } ?? 1)
          }
          ends.append(flat.count)
        }
      }
    } else {
      strings.bytes.withUnsafeBytes { bytes in
        for i in 0..<strings.count {
          let text = UnsafeRawBufferPointer(rebasing: bytes[strings.offsets[i]..<strings.offsets[i + 1]])
          var kept = 0
          tokenizer.forEachToken(inUTF8: text, &buffers) { token in
            guard kept < limit else { return }
            kept += 1
            flat.append(token.isEmpty ? 0 : table.find(token).map { Int64(2 + $0) } ?? 1)
          }
          ends.append(flat.count)
        }
      }
    }
    var longest = 0
    var start = 0
    for end in ends {
      longest = max(longest, end - start)
      start = end
    }
    let width = outputSequenceLength ?? longest
    var out = [Int64](repeating: 0, count: strings.count * width)
    start = 0
    for (row, end) in ends.enumerated() {
      for k in start..<end { out[row * width + k - start] = flat[k] }
      start = end
    }
    return FeatureColumn(lists: .int64(out), offsets: (0...strings.count).map { $0 * width })!
  }
}

extension TextVectorization: Equatable {
  /// Layers are equal when their saved JSON is equal; a layer with a custom closure equals
  /// no other layer (closures cannot be compared).
  public static func == (a: TextVectorization, b: TextVectorization) -> Bool {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    guard let x = try? encoder.encode(a), let y = try? encoder.encode(b) else { return false }
    return x == y
  }
}
