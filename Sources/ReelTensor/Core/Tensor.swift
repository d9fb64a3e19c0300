/// A dense, row-major array of `Float` with a shape: the value type every kernel, layer and
/// optimizer in ReelTensor works on.
///
/// Copies are cheap and share their elements until one copy is modified (copy-on-write).
/// Row views (``rows(_:)``, ``row(_:)``) and ``reshaped(_:)`` share the elements too, because
/// the layout is always contiguous. A rank-0 tensor (shape `[]`) holds one scalar.
///
///     var t = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
///     t.row(1).scalars        // [4, 5, 6]
///     t[0, 2] = 9
///     t.scalars               // [1, 2, 9, 4, 5, 6]
public struct Tensor: Sendable {
  var storage: TensorStorage
  var offset: Int
  /// The size of each dimension, outermost first.
  public private(set) var shape: [Int]
  /// The number of elements (the product of the shape; 1 for a scalar).
  public let scalarCount: Int

  init(storage: TensorStorage, offset: Int, shape: [Int]) {
    let count = Tensor.elementCount(of: shape)
    precondition(offset + count <= storage.capacity, "Tensor: view exceeds its storage")
    self.storage = storage
    self.offset = offset
    self.shape = shape
    self.scalarCount = count
  }

  /// A tensor whose elements `initializer` must all write.
  init(
    uninitializedShape shape: [Int], initializer: (UnsafeMutableBufferPointer<Float>) -> Void
  ) {
    let count = Tensor.elementCount(of: shape)
    let storage = TensorStorage(uninitializedCapacity: count)
    initializer(UnsafeMutableBufferPointer(start: storage.base, count: count))
    self.init(storage: storage, offset: 0, shape: shape)
  }

  /// A tensor of `shape` with every element equal to `value`.
  ///
  ///     Tensor(shape: [2, 2], repeating: 1).scalars   // [1, 1, 1, 1]
  public init(shape: [Int], repeating value: Float = 0) {
    self.init(uninitializedShape: shape) { $0.initialize(repeating: value) }
  }

  /// A tensor of `shape` holding `scalars` in row-major order.
  ///
  ///     Tensor(shape: [2, 1], scalars: [3, 4]).shape   // [2, 1]
  ///
  /// - Precondition: `scalars.count` is the product of `shape`.
  public init<C: Collection>(shape: [Int], scalars: C) where C.Element == Float {
    let count = Tensor.elementCount(of: shape)
    precondition(
      scalars.count == count,
      "Tensor: \(scalars.count) scalars do not fill shape \(shape) (\(count) elements)")
    self.init(uninitializedShape: shape) { buffer in
      _ = buffer.initialize(from: scalars)
    }
  }

  /// A rank-0 tensor holding `value`.
  public init(_ value: Float) {
    self.init(shape: [], repeating: value)
  }

  /// A rank-1 tensor holding `scalars`.
  public init(_ scalars: [Float]) {
    self.init(shape: [scalars.count], scalars: scalars)
  }

  /// A rank-2 tensor from equal-length rows.
  ///
  ///     Tensor(rows: [[1, 2], [3, 4]]).shape   // [2, 2]
  public init(rows: [[Float]]) {
    let width = rows.first?.count ?? 0
    precondition(rows.allSatisfy { $0.count == width }, "Tensor(rows:): rows differ in length")
    self.init(shape: [rows.count, width], scalars: rows.joined())
  }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// All elements in row-major order.
  public var scalars: [Float] {
    withUnsafeBufferPointer { Array($0) }
  }

  /// The only element of a tensor with one element.
  ///
  /// - Precondition: `scalarCount == 1`.
  public var scalar: Float {
    precondition(scalarCount == 1, "Tensor.scalar: shape \(shape) has \(scalarCount) elements")
    return storage.base[offset]
  }

  /// The element at a full multi-index.
  public subscript(indices: Int...) -> Float {
    get { storage.base[offset + flatIndex(indices)] }
    set {
      let index = flatIndex(indices)
      makeUnique()
      storage.base[offset + index] = newValue
    }
  }

  /// The same elements under another shape with the same element count. Shares storage.
  ///
  ///     Tensor(shape: [2, 3], repeating: 0).reshaped([3, 2]).shape   // [3, 2]
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(
      Tensor.elementCount(of: newShape) == scalarCount,
      "Tensor.reshaped: cannot reshape \(shape) to \(newShape)")
    return Tensor(storage: storage, offset: offset, shape: newShape)
  }

  /// Calls `body` with the elements in row-major order.
  public func withUnsafeBufferPointer<R>(
    _ body: (UnsafeBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    try body(UnsafeBufferPointer(start: storage.base + offset, count: scalarCount))
  }

  /// Calls `body` with the elements for writing, copying them first if they are shared.
  public mutating func withUnsafeMutableBufferPointer<R>(
    _ body: (UnsafeMutableBufferPointer<Float>) throws -> R
  ) rethrows -> R {
    makeUnique()
    return try body(UnsafeMutableBufferPointer(start: storage.base + offset, count: scalarCount))
  }

  /// Whether this tensor is the only one referring to its elements (writes need no copy).
  var isUniquelyReferenced: Bool {
    mutating get { isKnownUniquelyReferenced(&storage) }
  }

  mutating func makeUnique() {
    if !isKnownUniquelyReferenced(&storage) {
      storage = TensorStorage(copying: storage.base + offset, count: scalarCount)
      offset = 0
    }
  }

  func flatIndex(_ indices: [Int]) -> Int {
    precondition(
      indices.count == shape.count, "Tensor: \(indices.count) indices for shape \(shape)")
    var flat = 0
    for (axis, index) in indices.enumerated() {
      precondition(
        index >= 0 && index < shape[axis],
        "Tensor: index \(index) out of range for axis \(axis) of shape \(shape)")
      flat = flat * shape[axis] + index
    }
    return flat
  }

  static func elementCount(of shape: [Int]) -> Int {
    var count = 1
    for size in shape {
      precondition(size >= 0, "Tensor: negative dimension in shape \(shape)")
      count *= size
    }
    return count
  }
}

extension Tensor: Equatable {
  /// Equal shapes and equal elements.
  public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
    guard lhs.shape == rhs.shape else { return false }
    return lhs.withUnsafeBufferPointer { a in
      rhs.withUnsafeBufferPointer { b in a.elementsEqual(b) }
    }
  }
}

extension Tensor: CustomStringConvertible {
  /// The shape and the first few elements, for logs and failure messages.
  public var description: String {
    let shown = withUnsafeBufferPointer { $0.prefix(8).map { "\($0)" } }
    let more = scalarCount > 8 ? ", … (\(scalarCount) elements)" : ""
    return "Tensor\(shape)[\(shown.joined(separator: ", "))\(more)]"
  }
}
