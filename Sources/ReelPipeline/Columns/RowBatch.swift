/// A batch of rows that can be cut into row ranges and glued back together: what
/// ``Dataset/rebatch(size:dropRemainder:)`` needs to re-cut batches without unbatching them.
///
///     let batch = [10, 11, 12, 13]
///     batch.rowCount                                   // 4
///     batch.rows(1..<3)                                // [11, 12]
///     try [Int].concatenating([[1, 2], [3]])           // [1, 2, 3]
///
/// `Array` (one row per element) and ``FeatureBatch`` conform.
public protocol RowBatch {
  /// The number of rows.
  var rowCount: Int { get }
  /// The rows in `range`, which must lie within `0..<rowCount`.
  func rows(_ range: Range<Int>) -> Self
  /// The rows of `parts` one after another.
  ///
  /// - Throws: when the parts cannot be joined (for example ``FeatureBatch``es with different
  ///   schemas).
  static func concatenating(_ parts: [Self]) throws -> Self
}

extension Array: RowBatch {
  /// The number of elements: each element is one row.
  @inlinable public var rowCount: Int { count }

  /// The elements in `range`, copied into a new array.
  @inlinable public func rows(_ range: Range<Int>) -> [Element] { Array(self[range]) }

  /// The elements of `parts` one after another.
  ///
  /// - Complexity: O(total count).
  @inlinable
  public static func concatenating(_ parts: [[Element]]) -> [Element] {
    if parts.count == 1 { return parts[0] }
    var out: [Element] = []
    out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for part in parts { out.append(contentsOf: part) }
    return out
  }
}

extension FeatureBatch: RowBatch {
  /// The rows in `range` (``slice(_:)``).
  @inlinable public func rows(_ range: Range<Int>) -> FeatureBatch { slice(range) }

  /// The rows of `parts` one after another (``concatenate(_:)``).
  ///
  /// - Throws: ``FeatureBatchError/schemaMismatch(_:)``.
  @inlinable
  public static func concatenating(_ parts: [FeatureBatch]) throws -> FeatureBatch {
    try concatenate(parts)
  }
}
