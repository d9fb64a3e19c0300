extension FeatureColumn.Values {
  func gather(_ indices: [Int]) -> Self {
    switch self {
    case .int32(let v): return .int32(indices.map { v[$0] })
    case .int64(let v): return .int64(indices.map { v[$0] })
    case .float(let v): return .float(indices.map { v[$0] })
    case .double(let v): return .double(indices.map { v[$0] })
    case .string(let v):
      var out = StringArray()
      for i in indices { out.append(contentsOf: v, range: i..<(i + 1)) }
      return .string(out)
    }
  }
}

extension FeatureColumn {
  /// The rows at `indices`, in that order (rows may repeat).
  ///
  /// - Complexity: O(rows gathered + their list elements).
  public func gather(_ indices: [Int]) -> FeatureColumn {
    guard let offsets = listOffsets else { return FeatureColumn(values.gather(indices)) }
    var elementIndices: [Int] = []
    var newOffsets = [0]
    newOffsets.reserveCapacity(indices.count + 1)
    for row in indices {
      elementIndices.append(contentsOf: offsets[row]..<offsets[row + 1])
      newOffsets.append(elementIndices.count)
    }
    return FeatureColumn(lists: values.gather(elementIndices), offsets: newOffsets)!
  }
}

extension FeatureBatch {
  /// The rows at `indices`, in that order: a permutation shuffles the batch.
  ///
  ///     batch.gather([2, 0])   // rows 2 and 0
  ///
  /// - Complexity: O(rows gathered × columns).
  public func gather(_ indices: [Int]) -> FeatureBatch {
    var out = FeatureBatch()
    for (name, column) in zip(names, columns) {
      try! out.add(name, column.gather(indices))  // same row count for every column
    }
    return out
  }
}
