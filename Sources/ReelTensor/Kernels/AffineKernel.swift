import Dispatch

/// The fused passes of a Dense layer, `activation(x · kernel + bias)`: the bias is written
/// into the output before the product, which OpenBLAS then adds onto (`beta = 1`, so it
/// makes no zeroing pass of its own), and ReLU runs in place. Backward, ReLU's mask and the
/// bias gradient (column sums) come out of one sweep over the upstream gradient.
enum AffineKernel {
  /// `activation(x · kernel + bias)` over the last axis of `x`.
  static func forward(x: Tensor, kernel: Tensor, bias: Tensor?, activation: Activation)
    -> Tensor
  {
    let (k, n) = (kernel.shape[0], kernel.shape[1])
    let m = k == 0 ? x.scalarCount : x.scalarCount / k
    var y = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [n]) { c in
      guard let cBase = c.baseAddress else { return }
      if let bias = bias {
        bias.withUnsafeBufferPointer { b in
          Parallel.forEachChunk(count: m, minimumChunk: max(1, (1 << 15) / max(n, 1))) { rows in
            for i in rows { (cBase + i * n).update(from: b.baseAddress!, count: n) }
          }
        }
      } else if k == 0 {
        c.initialize(repeating: 0)
      }
      guard k > 0, m > 0, n > 0 else { return }
      x.withUnsafeBufferPointer { a in
        kernel.withUnsafeBufferPointer { w in
          BLAS.sgemm(
            transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1,
            a: a.baseAddress!, b: w.baseAddress!, beta: bias == nil ? 0 : 1, c: cBase)
        }
      }
    }
    switch activation {
    case .linear: return y
    case .relu:
      y.withUnsafeMutableBufferPointer { reluInPlace($0) }
      return y
    case .sigmoid: return y.sigmoid()
    case .tanh: return y.tanh()
    }
  }

  private static func reluInPlace(_ buffer: UnsafeMutableBufferPointer<Float>) {
    guard let base = buffer.baseAddress else { return }
    Parallel.forEachChunk(count: buffer.count) { range in
      var i = range.lowerBound
      while i + 8 <= range.upperBound {
        var v = VectorMath.load(base + i)
        v.replace(with: 0, where: v .< 0)
        VectorMath.store(v, base + i)
        i += 8
      }
      while i < range.upperBound {
        if base[i] < 0 { base[i] = 0 }
        i += 1
      }
    }
  }

  /// The gradient before the activation, from the upstream gradient `g` and the layer's
  /// output `y`, and (when `wantsBias`) its column sums, the bias gradient.
  static func backward(g: Tensor, y: Tensor, activation: Activation, wantsBias: Bool)
    -> (preActivation: Tensor, bias: Tensor?)
  {
    let pre: Tensor
    switch activation {
    case .relu:
      return reluBackward(g: g, y: y, wantsBias: wantsBias)
    case .linear: pre = g
    case .sigmoid: pre = zipElements(g, y) { g, y in g * y * (1 - y) }
    case .tanh: pre = zipElements(g, y) { g, y in g * (1 - y * y) }
    }
    let n = pre.shape[pre.rank - 1]
    return (pre, wantsBias ? pre.reshaped([pre.scalarCount / max(n, 1), n]).sum(alongAxes: [0]) : nil)
  }

  /// `g` where `y > 0`, else 0; and its column sums, in one sweep.
  private static func reluBackward(g: Tensor, y: Tensor, wantsBias: Bool)
    -> (preActivation: Tensor, bias: Tensor?)
  {
    let n = y.shape[y.rank - 1]
    let m = n == 0 ? 0 : y.scalarCount / n
    let chunks = max(1, min(Parallel.workerCount, m * n / (1 << 15)))
    var partials = [Float](repeating: 0, count: wantsBias ? chunks * n : 0)
    let pre = g.withUnsafeBufferPointer { gb in
      y.withUnsafeBufferPointer { yb in
        Tensor(uninitializedShape: y.shape) { out in
          partials.withUnsafeMutableBufferPointer { sums in
            guard let gp = gb.baseAddress, let yp = yb.baseAddress, let op = out.baseAddress
            else { return }
            let sumBase = sums.baseAddress
            let work = { (chunk: Int) in
              let rows = (m * chunk / chunks)..<(m * (chunk + 1) / chunks)
              let acc = sumBase.map { $0 + chunk * n }
              for i in rows {
                let (gi, yi, oi) = (gp + i * n, yp + i * n, op + i * n)
                var j = 0
                while j + 8 <= n {
                  var v = VectorMath.load(gi + j)
                  v.replace(with: 0, where: .!(VectorMath.load(yi + j) .> 0))
                  VectorMath.store(v, oi + j)
                  if let acc = acc { VectorMath.store(VectorMath.load(acc + j) + v, acc + j) }
                  j += 8
                }
                while j < n {
                  let v = yi[j] > 0 ? gi[j] : 0
                  oi[j] = v
                  acc?[j] += v
                  j += 1
                }
              }
            }
            if chunks == 1 {
              work(0)
            } else {
              DispatchQueue.concurrentPerform(iterations: chunks, execute: work)
            }
          }
        }
      }
    }
    guard wantsBias else { return (pre, nil) }
    let bias = Tensor(uninitializedShape: [n]) { out in
      for j in 0..<n {
        var total: Float = 0
        for c in 0..<chunks { total += partials[c * n + j] }
        out[j] = total
      }
    }
    return (pre, bias)
  }
}
