import ReelPipeline

extension IndexLookup: ColumnLayer {
  /// Int mode: a string (``StringLookup``) or integer (``IntegerLookup``) column, scalar or
  /// list, becomes an int64 column of indices with the same shape. With ``invert``, an integer
  /// column of indices becomes a column of tokens.
  ///
  /// - Complexity: O(vocabulary) to compile; O(token length) per value after that, with no
  ///   `String` created for string columns.
  public func columnTransform() throws -> ColumnTransform {
    if invert { return try invertTransform() }
    return outputMode == .int ? try lookupTransform() : try encodeTransform()
  }

  /// `one_hot` (scalar columns: one row per value), `multi_hot` / `count` / `tf_idf` (one
  /// row per input row): a list column of equal-width float rows.
  private func encodeTransform() throws -> ColumnTransform {
    let layer = self
    let name = layerName
    return ColumnTransform(layerName: name) { columns in
      let column = columns[0]
      if layer.outputMode == .oneHot && column.isList {
        throw PreprocessingError.invalidInput(
          layer: name, "one_hot needs a scalar column (a list column would need a third dimension); use multi_hot or count")
      }
      let tokens: [Token]
      switch column.values {
      case .string(let strings) where Token.self == String.self: tokens = Array(strings) as! [Token]
      case .string: throw PreprocessingError.invalidInput(layer: name, "expects an integer column, got strings")
      default:
        guard Token.self == Int64.self else {
          throw PreprocessingError.invalidInput(layer: name, "expects a string column, got \(column.type.rawValue)")
        }
        tokens = try ColumnValues.int64s(column, layer: name) as! [Token]
      }
      let offsets = column.listOffsets ?? Array(0...tokens.count)
      let rows = (0..<(offsets.count - 1)).map { Array(tokens[offsets[$0]..<offsets[$0 + 1]]) }
      let encoded = try layer.encode(rows)
      return ColumnValues.fixedRows(encoded.flatMap { $0 }, width: encoded.first?.count ?? 0)
    }
  }

  private func lookupTransform() throws -> ColumnTransform {
    let name = layerName
    if Token.self == String.self {
      let table = StringIndexTable(self as! IndexLookup<String>)
      return ColumnTransform(layerName: name) { columns in
        guard case .string(let strings) = columns[0].values else {
          throw PreprocessingError.invalidInput(layer: name, "expects a string column, got \(columns[0].type.rawValue)")
        }
        return ColumnValues.shaped(.int64(try table.indices(strings)), like: columns[0])
      }
    }
    let layer = self
    return ColumnTransform(layerName: name) { columns in
      let values = try ColumnValues.int64s(columns[0], layer: name)
      var out = [Int64]()
      out.reserveCapacity(values.count)
      for v in values { out.append(try layer.indexOf(v as! Token)) }
      return ColumnValues.shaped(.int64(out), like: columns[0])
    }
  }

  private func invertTransform() throws -> ColumnTransform {
    let name = layerName
    let vocabulary = self.vocabulary
    let oov = oovToken
    return ColumnTransform(layerName: name) { columns in
      let indices = try ColumnValues.int64s(columns[0], layer: name)
      let tokens = indices.map { i in i >= 0 && i < Int64(vocabulary.count) ? vocabulary[Int(i)] : oov }
      let values: FeatureColumn.Values
      if let strings = tokens as? [String] {
        values = .string(StringArray(strings))
      } else {
        values = .int64(tokens as! [Int64])
      }
      return ColumnValues.shaped(values, like: columns[0])
    }
  }
}

/// A compiled ``StringLookup``: its tokens in a byte-keyed table, so a column's UTF-8 bytes
/// are looked up without creating strings.
final class StringIndexTable: Sendable {
  let layer: IndexLookup<String>
  let table: UTF8TokenTable
  let mask: [UInt8]?

  init(_ layer: IndexLookup<String>) {
    self.layer = layer
    var table = UTF8TokenTable(capacity: layer.tokens.count)
    for token in layer.tokens { _ = table.insert(token) }
    self.table = table
    mask = layer.maskToken.map { Array($0.utf8) }
  }

  /// Index of every string (Keras int mode).
  func indices(_ strings: StringArray) throws -> [Int64] {
    let start = Int64(layer.tokenStart)
    var out = [Int64](repeating: 0, count: strings.count)
    try strings.bytes.withUnsafeBytes { bytes in
      try strings.offsets.withUnsafeBufferPointer { offsets in
        for i in 0..<strings.count {
          let key = UnsafeRawBufferPointer(rebasing: bytes[offsets[i]..<offsets[i + 1]])
          if let id = table.find(key) {
            out[i] = start + Int64(id)
          } else if let mask, key.elementsEqual(mask) {
            out[i] = 0
          } else {
            out[i] = try layer.indexOf(String(decoding: key, as: UTF8.self))
          }
        }
      }
    }
    return out
  }
}
