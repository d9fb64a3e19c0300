extension Tensor {
  /// The sum over `axes` (negative axes count from the end), dropping them unless
  /// `keepingDimensions`.
  ///
  ///     let t = Tensor(rows: [[1, 2], [3, 4]])
  ///     t.sum(alongAxes: [0]).scalars   // [4, 6]
  ///     t.sum(alongAxes: [1]).scalars   // [3, 7]
  ///     t.sum(alongAxes: [1], keepingDimensions: true).shape   // [2, 1]
  ///
  /// - Complexity: O(n), one pass over the elements.
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let reduced = normalizedAxes(axes, operation: "sum")
    var keptShape: [Int] = []
    var outShape: [Int] = []
    for axis in 0..<rank {
      if reduced.contains(axis) {
        keptShape.append(1)
      } else {
        keptShape.append(shape[axis])
        outShape.append(shape[axis])
      }
    }
    let result = reduceSum(reduced: reduced, keptShape: keptShape)
    return keepingDimensions ? result.reshaped(keptShape) : result.reshaped(outShape)
  }

  /// The sum of all elements, as a scalar tensor.
  ///
  ///     Tensor(rows: [[1, 2], [3, 4]]).sum().scalar   // 10
  public func sum() -> Tensor {
    sum(alongAxes: Array(0..<rank))
  }

  /// The mean over `axes`, dropping them unless `keepingDimensions`.
  ///
  ///     Tensor(rows: [[1, 2], [3, 4]]).mean(alongAxes: [0]).scalars   // [2, 3]
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let reduced = normalizedAxes(axes, operation: "mean")
    let count = reduced.reduce(1) { $0 * shape[$1] }
    return sum(alongAxes: axes, keepingDimensions: keepingDimensions) * (1 / Float(count))
  }

  /// The mean of all elements, as a scalar tensor.
  ///
  ///     Tensor([1, 2, 3, 6]).mean().scalar   // 3
  public func mean() -> Tensor {
    mean(alongAxes: Array(0..<rank))
  }

  /// Sorted, deduplicated, non-negative axes.
  func normalizedAxes(_ axes: [Int], operation: String) -> [Int] {
    let normal = axes.map { $0 < 0 ? $0 + rank : $0 }
    for (given, axis) in zip(axes, normal) {
      precondition(
        axis >= 0 && axis < rank, "\(operation): axis \(given) out of range for shape \(shape)")
    }
    return Array(Set(normal)).sorted()
  }

  /// The sum over `reduced`, in the shape `keptShape` (reduced axes set to 1).
  private func reduceSum(reduced: [Int], keptShape: [Int]) -> Tensor {
    // Merge neighbouring axes that are both reduced or both kept; drop size-1 axes.
    var groups: [(size: Int, reduced: Bool)] = []
    for axis in 0..<rank where shape[axis] != 1 {
      let isReduced = reduced.contains(axis)
      if let last = groups.last, last.reduced == isReduced {
        groups[groups.count - 1].size = last.size * shape[axis]
      } else {
        groups.append((shape[axis], isReduced))
      }
    }
    if scalarCount == 0 || groups.isEmpty {
      return scalarCount == 0 ? Tensor(shape: keptShape) : reshaped(keptShape)
    }
    return withUnsafeBufferPointer { input in
      Tensor(uninitializedShape: keptShape) { output in
        guard let src = input.baseAddress, let dst = output.baseAddress else { return }
        output.initialize(repeating: 0)
        let inner = groups[groups.count - 1]
        let outer = Array(groups.dropLast())
        // Output strides of the outer groups (0 for reduced groups).
        var outStrides = [Int](repeating: 0, count: outer.count)
        var step = inner.reduced ? 1 : inner.size
        for g in stride(from: outer.count - 1, through: 0, by: -1) where !outer[g].reduced {
          outStrides[g] = step
          step *= outer[g].size
        }
        let outerCount = outer.reduce(1) { $0 * $1.size }
        // Parallel only over independent output rows: when the leading group is kept.
        let parallelGroups = outer.first.map { $0.reduced ? 1 : $0.size } ?? 1
        let perParallel = outerCount / parallelGroups
        let elementsPerGroup = Swift.max(1, input.count / parallelGroups)
        Parallel.forEachChunk(
          count: parallelGroups, minimumChunk: Swift.max(1, (1 << 16) / elementsPerGroup)
        ) { chunk in
          for position in (chunk.lowerBound * perParallel)..<(chunk.upperBound * perParallel) {
            var rest = position
            var outOffset = 0
            for g in stride(from: outer.count - 1, through: 0, by: -1) {
              let index = rest % outer[g].size
              rest /= outer[g].size
              outOffset += index * outStrides[g]
            }
            let row = src + position * inner.size
            if inner.reduced {
              dst[outOffset] += VectorMath.sum(row, count: inner.size)
            } else {
              let target = dst + outOffset
              var i = 0
              while i + 8 <= inner.size {
                VectorMath.store(VectorMath.load(target + i) + VectorMath.load(row + i), target + i)
                i += 8
              }
              while i < inner.size {
                target[i] += row[i]
                i += 1
              }
            }
          }
        }
      }
    }
  }
}
