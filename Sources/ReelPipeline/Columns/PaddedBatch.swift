/// A batch of variable-length rows padded to one common width, stored row-major in one array:
/// the output of ``Dataset/paddedBatch(size:paddedLength:paddingValue:dropRemainder:)`` and of
/// `bucketBySequenceLength` (tf.data's 2-D `padded_batch` tensor), plus the original length of
/// every row.
///
///     let batch = try PaddedBatch(rows: [[1], [2, 2, 2]], paddingValue: 0)
///     batch.width     // 3
///     batch.lengths   // [1, 3]
///     batch.rows      // [[1, 0, 0], [2, 2, 2]]
///     batch.values    // [1, 0, 0, 2, 2, 2]
public struct PaddedBatch<T> {
  /// All rows, padded to ``width``, one after another (`rowCount * width` values).
  public let values: [T]
  /// The number of rows.
  public let rowCount: Int
  /// The length of every padded row.
  public let width: Int
  /// The length of every row before padding.
  public let lengths: [Int]

  /// Pads `rows` with `paddingValue` to `width`, or to the longest row when `width` is nil.
  ///
  /// - Throws: ``PaddingError`` when a row is longer than `width` or `width` is negative.
  /// - Complexity: O(`rows.count * width`).
  @inlinable
  public init(rows: [[T]], width: Int? = nil, paddingValue: T) throws {
    if let width, width < 0 { throw PaddingError.negativeWidth(width) }
    let target = width ?? rows.reduce(0) { Swift.max($0, $1.count) }
    if let i = rows.firstIndex(where: { $0.count > target }) {
      throw PaddingError.rowTooLong(row: i, length: rows[i].count, width: target)
    }
    self.init(uncheckedRows: rows, width: target, paddingValue: paddingValue)
  }

  /// Pads rows that are known to be at most `width` long.
  @inlinable
  init(uncheckedRows rows: [[T]], width: Int, paddingValue: T) {
    var values: [T] = []
    values.reserveCapacity(rows.count * width)
    var lengths: [Int] = []
    lengths.reserveCapacity(rows.count)
    for row in rows {
      values.append(contentsOf: row)
      values.append(contentsOf: repeatElement(paddingValue, count: width - row.count))
      lengths.append(row.count)
    }
    self.values = values
    self.rowCount = rows.count
    self.width = width
    self.lengths = lengths
  }

  /// Row `i`, padded, as a view into ``values``.
  @inlinable
  public func row(_ i: Int) -> ArraySlice<T> { values[(i * width)..<(i * width + width)] }

  /// The padded rows as nested arrays (for tests and printing; allocates one array per row).
  public var rows: [[T]] { (0..<rowCount).map { Array(row($0)) } }

  /// The rows without their padding.
  public var unpaddedRows: [[T]] {
    (0..<rowCount).map { Array(values[(($0 * width))..<($0 * width + lengths[$0])]) }
  }
}

extension PaddedBatch: Equatable where T: Equatable {}
extension PaddedBatch: Hashable where T: Hashable {}
extension PaddedBatch: Sendable where T: Sendable {}

extension PaddedBatch: CustomStringConvertible {
  public var description: String { "PaddedBatch(\(rowCount)x\(width): \(rows))" }
}

/// Why rows cannot be padded to a requested width.
public enum PaddingError: Error, Equatable, Sendable, CustomStringConvertible {
  /// Row `row` (0-based within the batch) has `length` values, more than `width`.
  case rowTooLong(row: Int, length: Int, width: Int)
  /// A negative width was requested.
  case negativeWidth(Int)
  /// With `padToBucketBoundary`, an element's length is not below the last bucket boundary.
  case beyondLastBoundary(length: Int, boundary: Int)

  public var description: String {
    switch self {
    case .rowTooLong(let row, let length, let width):
      return "row \(row) has length \(length), longer than the padded length \(width)"
    case .negativeWidth(let width):
      return "padded length must not be negative, got \(width)"
    case .beyondLastBoundary(let length, let boundary):
      return "length \(length) is not below the last bucket boundary \(boundary), which "
        + "padToBucketBoundary requires"
    }
  }
}
