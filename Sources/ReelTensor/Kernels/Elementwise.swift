import Foundation

extension Tensor {
  /// A tensor of the same shape with `vector` applied eight lanes at a time and `scalar` to
  /// the tail; both must compute the same function. Large tensors use every core.
  @inline(__always)
  func mapElements(
    vector: (VectorMath.Vector) -> VectorMath.Vector, scalar: (Float) -> Float
  ) -> Tensor {
    withUnsafeBufferPointer { input in
      Tensor(uninitializedShape: shape) { output in
        guard let src = input.baseAddress, let dst = output.baseAddress else { return }
        Parallel.forEachChunk(count: input.count) { range in
          var i = range.lowerBound
          while i + 8 <= range.upperBound {
            VectorMath.store(vector(VectorMath.load(src + i)), dst + i)
            i += 8
          }
          while i < range.upperBound {
            dst[i] = scalar(src[i])
            i += 1
          }
        }
      }
    }
  }

  /// `max(x, 0)` elementwise.
  ///
  ///     Tensor([-1, 0, 2]).relu().scalars   // [0, 0, 2]
  public func relu() -> Tensor {
    mapElements(
      vector: { x in
        var out = x
        out.replace(with: 0, where: x .< 0)
        return out
      }, scalar: { $0 < 0 ? 0 : $0 })
  }

  /// The logistic function `1 / (1 + e^−x)` elementwise.
  ///
  ///     Tensor([0]).sigmoid().scalars   // [0.5]
  public func sigmoid() -> Tensor {
    mapElements(
      vector: { 1 / (1 + VectorMath.exp(-$0)) }, scalar: { 1 / (1 + VectorMath.exp(-$0)) })
  }

  /// The hyperbolic tangent elementwise.
  ///
  ///     Tensor([0]).tanh().scalars   // [0]
  public func tanh() -> Tensor {
    mapElements(
      vector: { x in
        var out = x
        for lane in 0..<8 { out[lane] = Foundation.tanh(x[lane]) }
        return out
      }, scalar: { Foundation.tanh($0) })
  }

  /// `e^x` elementwise.
  ///
  ///     Tensor([0, 1]).exp().scalars   // [1, 2.7182817]
  public func exp() -> Tensor {
    mapElements(vector: { VectorMath.exp($0) }, scalar: { VectorMath.exp($0) })
  }

  /// The natural logarithm elementwise (−∞ for 0, NaN for negative numbers).
  ///
  ///     Tensor([1]).log().scalars   // [0]
  public func log() -> Tensor {
    mapElements(
      vector: { x in
        var out = x
        for lane in 0..<8 { out[lane] = Foundation.log(x[lane]) }
        return out
      }, scalar: { Foundation.log($0) })
  }

  /// `x²` elementwise.
  ///
  ///     Tensor([-3]).squared().scalars   // [9]
  public func squared() -> Tensor {
    mapElements(vector: { $0 * $0 }, scalar: { $0 * $0 })
  }

  /// `√x` elementwise.
  ///
  ///     Tensor([4]).squareRoot().scalars   // [2]
  public func squareRoot() -> Tensor {
    mapElements(vector: { $0.squareRoot() }, scalar: { $0.squareRoot() })
  }

  /// Every element clipped into `range` (NaN stays NaN).
  ///
  ///     Tensor([-2, 0.5, 3]).clipped(to: 0...1).scalars   // [0, 0.5, 1]
  public func clipped(to range: ClosedRange<Float>) -> Tensor {
    let lower = range.lowerBound
    let upper = range.upperBound
    return mapElements(
      vector: { x in
        var out = x
        out.replace(with: lower, where: x .< lower)
        out.replace(with: upper, where: x .> upper)
        return out
      }, scalar: { $0.isNaN ? $0 : Swift.min(Swift.max($0, lower), upper) })
  }

  /// `−x` elementwise.
  public static prefix func - (x: Tensor) -> Tensor {
    x.mapElements(vector: { -$0 }, scalar: { -$0 })
  }
}

/// `f(a[i], b[i])` over two tensors of the same shape; large tensors use every core.
func zipElements(_ a: Tensor, _ b: Tensor, _ f: (Float, Float) -> Float) -> Tensor {
  precondition(a.shape == b.shape, "elementwise: shapes \(a.shape) and \(b.shape) differ")
  return a.withUnsafeBufferPointer { x in
    b.withUnsafeBufferPointer { y in
      Tensor(uninitializedShape: a.shape) { out in
        guard let px = x.baseAddress, let py = y.baseAddress, let po = out.baseAddress else {
          return
        }
        Parallel.forEachChunk(count: out.count) { range in
          for i in range { po[i] = f(px[i], py[i]) }
        }
      }
    }
  }
}
