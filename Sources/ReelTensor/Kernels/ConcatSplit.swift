/// `parts` joined along `axis`; every other dimension must agree.
///
///     let a = Tensor(rows: [[1, 2]])
///     let b = Tensor(rows: [[3, 4]])
///     concat([a, b], axis: 0).shape   // [2, 2]
///     concat([a, b], axis: 1).scalars   // [1, 2, 3, 4]
///
/// - Complexity: O(n), one copy of every element.
public func concat(_ parts: [Tensor], axis: Int) -> Tensor {
  precondition(!parts.isEmpty, "concat: no tensors")
  let first = parts[0]
  let axis = axis < 0 ? axis + first.rank : axis
  precondition(axis >= 0 && axis < first.rank, "concat: axis out of range for \(first.shape)")
  var outShape = first.shape
  outShape[axis] = 0
  for part in parts {
    var expected = first.shape
    expected[axis] = part.shape.count == first.rank ? part.shape[axis] : -1
    precondition(
      part.shape == expected,
      "concat: shape \(part.shape) does not match \(first.shape) outside axis \(axis)")
    outShape[axis] += part.shape[axis]
  }
  let outer = first.shape[..<axis].reduce(1, *)
  let inner = first.shape[(axis + 1)...].reduce(1, *)
  let outBlock = outShape[axis] * inner
  return Tensor(uninitializedShape: outShape) { output in
    guard let dst = output.baseAddress else { return }
    var column = 0
    for part in parts {
      let block = part.shape[axis] * inner
      part.withUnsafeBufferPointer { input in
        guard let src = input.baseAddress else { return }
        for o in 0..<outer {
          (dst + o * outBlock + column).update(from: src + o * block, count: block)
        }
      }
      column += block
    }
  }
}

extension Tensor {
  /// The tensor cut along `axis` into consecutive pieces of the given `sizes`, which must add
  /// up to the dimension. The inverse of ``concat(_:axis:)``.
  ///
  ///     Tensor([1, 2, 3]).split(sizes: [1, 2], axis: 0).map(\.scalars)   // [[1], [2, 3]]
  ///
  /// - Complexity: O(n); pieces along axis 0 are views and copy nothing.
  public func split(sizes: [Int], axis: Int) -> [Tensor] {
    let axis = axis < 0 ? axis + rank : axis
    precondition(axis >= 0 && axis < rank, "split: axis out of range for \(shape)")
    precondition(
      sizes.allSatisfy { $0 >= 0 } && sizes.reduce(0, +) == shape[axis],
      "split: sizes \(sizes) do not add up to \(shape[axis]) (axis \(axis) of \(shape))")
    if axis == 0 {
      var start = 0
      return sizes.map { size in
        defer { start += size }
        return rows(start..<(start + size))
      }
    }
    let outer = shape[..<axis].reduce(1, *)
    let inner = shape[(axis + 1)...].reduce(1, *)
    let inBlock = shape[axis] * inner
    var column = 0
    return withUnsafeBufferPointer { input in
      sizes.map { size in
        var pieceShape = shape
        pieceShape[axis] = size
        let block = size * inner
        defer { column += block }
        return Tensor(uninitializedShape: pieceShape) { output in
          guard let src = input.baseAddress, let dst = output.baseAddress else { return }
          for o in 0..<outer {
            (dst + o * block).update(from: src + o * inBlock + column, count: block)
          }
        }
      }
    }
  }
}
