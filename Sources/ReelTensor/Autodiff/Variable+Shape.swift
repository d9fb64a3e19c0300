extension Variable {
  /// The same elements under another shape.
  public func reshaped(_ newShape: [Int]) -> Variable {
    let old = shape
    return Tape.recording(value.reshaped(newShape), [self]) { g, _ in [.dense(g.reshaped(old))] }
  }

  /// Rows `range` of the first dimension; the gradient is zero outside them.
  ///
  ///     Variable(constant: Tensor([1, 2, 3])).rows(1..<3).value.scalars   // [2, 3]
  public func rows(_ range: Range<Int>) -> Variable {
    let full = shape
    return Tape.recording(value.rows(range), [self]) { g, _ in
      var gradient = Tensor(shape: full)
      gradient.replaceRows(startingAt: range.lowerBound, with: g)
      return [.dense(gradient)]
    }
  }

  /// Pieces of the given `sizes` along `axis` (see ``Tensor/split(sizes:axis:)``).
  public func split(sizes: [Int], axis: Int) -> [Variable] {
    let pieces = value.split(sizes: sizes, axis: axis)
    let full = shape
    let axis = axis < 0 ? axis + full.count : axis
    return pieces.indices.map { index in
      Tape.recording(pieces[index], [self]) { g, _ in
        // The piece's gradient between zero blocks standing for the other pieces.
        let parts = sizes.indices.map { other -> Tensor in
          if other == index { return g }
          var blockShape = full
          blockShape[axis] = sizes[other]
          return Tensor(shape: blockShape)
        }
        return [.dense(concat(parts, axis: axis))]
      }
    }
  }
}

/// Variables joined along `axis` (see ``concat(_:axis:)-([Tensor],_)``); each receives its
/// slice of the gradient.
public func concat(_ parts: [Variable], axis: Int) -> Variable {
  let value = concat(parts.map(\.value), axis: axis)
  let normalAxis = axis < 0 ? axis + value.rank : axis
  let sizes = parts.map { $0.shape[normalAxis] }
  return Tape.recording(value, parts) { g, needs in
    zip(g.split(sizes: sizes, axis: normalAxis), needs).map { piece, needed in
      needed ? .dense(piece) : nil
    }
  }
}
