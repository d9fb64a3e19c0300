/// How two shapes combine under NumPy broadcasting, and the loop that applies an elementwise
/// binary function over the combined shape.
struct Broadcast {
  /// The result shape.
  let shape: [Int]
  /// Dimensions after merging neighbours that both operands walk the same way.
  let dims: [Int]
  let stridesA: [Int]
  let stridesB: [Int]

  /// The broadcast of `a` and `b`: shapes are aligned at their last dimension; sizes must be
  /// equal or 1.
  init(_ a: [Int], _ b: [Int], operation: String) {
    let rank = Swift.max(a.count, b.count)
    let paddedA = Array(repeating: 1, count: rank - a.count) + a
    let paddedB = Array(repeating: 1, count: rank - b.count) + b
    var out = [Int](repeating: 1, count: rank)
    for axis in 0..<rank {
      let (x, y) = (paddedA[axis], paddedB[axis])
      precondition(
        x == y || x == 1 || y == 1, "\(operation): shapes \(a) and \(b) do not broadcast")
      out[axis] = x == 1 ? y : x
    }
    shape = out
    // Element strides; 0 where an operand repeats along a dimension.
    func strides(_ padded: [Int]) -> [Int] {
      var result = [Int](repeating: 0, count: rank)
      var step = 1
      for axis in stride(from: rank - 1, through: 0, by: -1) {
        result[axis] = padded[axis] == 1 && out[axis] != 1 ? 0 : step
        step *= padded[axis]
      }
      return result
    }
    let sa = strides(paddedA)
    let sb = strides(paddedB)
    // Merge dimension `axis` into the one after it when both operands continue contiguously
    // (or both repeat) across the boundary; drop dimensions of size 1.
    var mergedDims: [Int] = []
    var mergedA: [Int] = []
    var mergedB: [Int] = []
    for axis in 0..<rank where out[axis] != 1 {
      if let lastDim = mergedDims.last, let lastA = mergedA.last, let lastB = mergedB.last,
        lastA == sa[axis] * out[axis], lastB == sb[axis] * out[axis]
      {
        mergedDims[mergedDims.count - 1] = lastDim * out[axis]
        mergedA[mergedA.count - 1] = sa[axis]
        mergedB[mergedB.count - 1] = sb[axis]
      } else {
        mergedDims.append(out[axis])
        mergedA.append(sa[axis])
        mergedB.append(sb[axis])
      }
    }
    if mergedDims.isEmpty {
      mergedDims = [1]
      mergedA = [0]
      mergedB = [0]
    }
    dims = mergedDims
    stridesA = mergedA
    stridesB = mergedB
  }

  /// `f(a, b)` over the broadcast shape.
  @inline(__always)
  func apply(
    _ a: Tensor, _ b: Tensor,
    vector: (VectorMath.Vector, VectorMath.Vector) -> VectorMath.Vector,
    scalar: (Float, Float) -> Float
  ) -> Tensor {
    if shape.contains(0) { return Tensor(shape: shape) }
    let inner = dims[dims.count - 1]
    let innerA = stridesA[dims.count - 1]
    let innerB = stridesB[dims.count - 1]
    let outerDims = Array(dims.dropLast())
    let outerCount = outerDims.reduce(1, *)
    let dims = self.dims
    let stridesA = self.stridesA
    let stridesB = self.stridesB
    return a.withUnsafeBufferPointer { aBuffer in
      b.withUnsafeBufferPointer { bBuffer in
        Tensor(uninitializedShape: shape) { output in
          guard let pa = aBuffer.baseAddress, let pb = bBuffer.baseAddress,
            let po = output.baseAddress
          else { return }
          Parallel.forEachChunk(count: outerCount, minimumChunk: Swift.max(1, (1 << 15) / inner)) {
            rows in
            for outer in rows {
              // Offsets of this outer position in a and b.
              var rest = outer
              var offsetA = 0
              var offsetB = 0
              for axis in stride(from: outerDims.count - 1, through: 0, by: -1) {
                let index = rest % dims[axis]
                rest /= dims[axis]
                offsetA += index * stridesA[axis]
                offsetB += index * stridesB[axis]
              }
              Broadcast.innerLoop(
                pa + offsetA, innerA, pb + offsetB, innerB, po + outer * inner, inner,
                vector: vector, scalar: scalar)
            }
          }
        }
      }
    }
  }

  @inline(__always)
  static func innerLoop(
    _ a: UnsafePointer<Float>, _ strideA: Int, _ b: UnsafePointer<Float>, _ strideB: Int,
    _ out: UnsafeMutablePointer<Float>, _ count: Int,
    vector: (VectorMath.Vector, VectorMath.Vector) -> VectorMath.Vector,
    scalar: (Float, Float) -> Float
  ) {
    var i = 0
    switch (strideA, strideB) {
    case (1, 1):
      while i + 8 <= count {
        VectorMath.store(vector(VectorMath.load(a + i), VectorMath.load(b + i)), out + i)
        i += 8
      }
      while i < count {
        out[i] = scalar(a[i], b[i])
        i += 1
      }
    case (1, _):
      let y = b[0]
      let vy = VectorMath.Vector(repeating: y)
      while i + 8 <= count {
        VectorMath.store(vector(VectorMath.load(a + i), vy), out + i)
        i += 8
      }
      while i < count {
        out[i] = scalar(a[i], y)
        i += 1
      }
    case (_, 1):
      let x = a[0]
      let vx = VectorMath.Vector(repeating: x)
      while i + 8 <= count {
        VectorMath.store(vector(vx, VectorMath.load(b + i)), out + i)
        i += 8
      }
      while i < count {
        out[i] = scalar(x, b[i])
        i += 1
      }
    default:
      let value = scalar(a[0], b[0])
      while i < count {
        out[i] = value
        i += 1
      }
    }
  }
}

extension Tensor {
  /// Elementwise sum with NumPy broadcasting.
  ///
  ///     (Tensor(rows: [[1, 2], [3, 4]]) + Tensor([10, 20])).scalars   // [11, 22, 13, 24]
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
    Broadcast(lhs.shape, rhs.shape, operation: "+").apply(
      lhs, rhs, vector: { $0 + $1 }, scalar: { $0 + $1 })
  }

  /// Elementwise difference with NumPy broadcasting.
  ///
  ///     (Tensor([5, 7]) - Tensor(1)).scalars   // [4, 6]
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    Broadcast(lhs.shape, rhs.shape, operation: "-").apply(
      lhs, rhs, vector: { $0 - $1 }, scalar: { $0 - $1 })
  }

  /// Elementwise product with NumPy broadcasting.
  ///
  ///     (Tensor(rows: [[1], [2]]) * Tensor([3, 4])).scalars   // [3, 4, 6, 8]
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    Broadcast(lhs.shape, rhs.shape, operation: "*").apply(
      lhs, rhs, vector: { $0 * $1 }, scalar: { $0 * $1 })
  }

  /// Elementwise quotient with NumPy broadcasting (IEEE division: x/0 is ±∞ or NaN).
  ///
  ///     (Tensor([1, 3]) / Tensor(2)).scalars   // [0.5, 1.5]
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    Broadcast(lhs.shape, rhs.shape, operation: "/").apply(
      lhs, rhs, vector: { $0 / $1 }, scalar: { $0 / $1 })
  }

  /// Every element plus `rhs`.
  public static func + (lhs: Tensor, rhs: Float) -> Tensor { lhs + Tensor(rhs) }
  /// Every element minus `rhs`.
  public static func - (lhs: Tensor, rhs: Float) -> Tensor { lhs - Tensor(rhs) }
  /// Every element times `rhs`.
  public static func * (lhs: Tensor, rhs: Float) -> Tensor { lhs * Tensor(rhs) }
  /// Every element divided by `rhs`.
  public static func / (lhs: Tensor, rhs: Float) -> Tensor { lhs / Tensor(rhs) }
  /// `lhs` times every element.
  public static func * (lhs: Float, rhs: Tensor) -> Tensor { Tensor(lhs) * rhs }

  /// Adds `rhs` (same shape) into `lhs` in place, without a copy when `lhs` is not shared.
  ///
  ///     var t = Tensor([1, 2])
  ///     t += Tensor([3, 4])   // [4, 6]
  public static func += (lhs: inout Tensor, rhs: Tensor) {
    lhs.addScaled(rhs, by: 1)
  }

  /// `self += scale · other` for tensors of the same shape, in place.
  ///
  ///     var t = Tensor([1, 1])
  ///     t.addScaled(Tensor([2, 4]), by: 0.5)   // [2, 3]
  public mutating func addScaled(_ other: Tensor, by scale: Float) {
    precondition(
      shape == other.shape, "addScaled: shapes \(shape) and \(other.shape) differ")
    other.withUnsafeBufferPointer { src in
      withUnsafeMutableBufferPointer { dst in
        guard let s = src.baseAddress, let d = dst.baseAddress else { return }
        let vs = VectorMath.Vector(repeating: scale)
        Parallel.forEachChunk(count: dst.count) { range in
          var i = range.lowerBound
          while i + 8 <= range.upperBound {
            VectorMath.store(VectorMath.load(d + i) + vs * VectorMath.load(s + i), d + i)
            i += 8
          }
          while i < range.upperBound {
            d[i] += scale * s[i]
            i += 1
          }
        }
      }
    }
  }
}
