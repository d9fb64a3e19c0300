import ReelPipeline

extension Hashing {
  /// The bin of each string of `strings`, hashed in place from its byte buffer.
  ///
  ///     try Hashing(numBins: 10)(["a", "b"] as StringArray)   // [9, 2]
  ///
  /// - Complexity: O(total bytes); one allocation (the result).
  public func callAsFunction(_ strings: StringArray) throws -> [Int64] {
    let mask = try stringMask(forInputOf: "strings")
    let offsets = strings.offsets
    let count = strings.count
    return strings.bytes.withUnsafeBytes { buffer in
      [Int64](unsafeUninitializedCapacity: count) { out, initialized in
        for i in 0..<count {
          let bytes = UnsafeRawBufferPointer(rebasing: buffer[offsets[i]..<offsets[i + 1]])
          let isMask = mask.map { bytes.count == $0.count && bytes.elementsEqual($0) } ?? false
          out[i] = bin(bytes, isMask: isMask)
        }
        initialized = count
      }
    }
  }

  /// The bins of a string, `int64` or `int32` column (scalars or lists) as an `int64` column
  /// of the same shape, as Keras hashes a dense or ragged tensor element by element.
  ///
  ///     try Hashing(numBins: 4)(FeatureColumn.int64Lists([[1, 2], []]))
  ///     // int64 lists [[1, 3], []]
  ///
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` for float columns or a mask of the
  ///   other kind.
  public func callAsFunction(_ column: FeatureColumn) throws -> FeatureColumn {
    let bins: [Int64]
    switch column.values {
    case .string(let strings): bins = try self(strings)
    case .int64(let ints): bins = try self(ints)
    case .int32(let ints): bins = try self(ints.map(Int64.init))
    case .float, .double:
      throw PreprocessingError.invalidInput(
        layer: "Hashing", "input must be strings or integers, got a \(column.type) column")
    }
    guard let offsets = column.listOffsets else { return .int64(bins) }
    return FeatureColumn(lists: .int64(bins), offsets: offsets)!
  }
}
