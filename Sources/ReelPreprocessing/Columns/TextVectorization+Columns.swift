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
      let texts = Array(strings)
      if layer.outputMode == .int {
        let rows = try layer(texts)
        let width = rows.first?.count ?? 0
        return FeatureColumn(lists: .int64(rows.flatMap { $0 }), offsets: (0...rows.count).map { $0 * width })!
      }
      let rows = try layer.encode(texts)
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
        try partition.forEach { batch in
          guard let values = batch[column], case .string(let strings) = values.values else {
            throw PreprocessingError.invalidInput(
              layer: "TextVectorization", "the batch has no string column '\(column)'")
          }
          layer.accumulate(strings, into: &counts)
        }
        return counts
      },
      merge: { $0.merge($1) })
    guard let merged, merged.documentCount > 0 else { throw PreprocessingError.notAdapted(layer: "TextVectorization") }
    try finalize(merged)
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
