import CReelKernels
import Dispatch

/// The fused passes of a Dense layer, `activation(x · kernel + bias)`: the bias is written
/// into the output before the product, which OpenBLAS then adds onto (`beta = 1`, so it
/// makes no zeroing pass of its own), and ReLU runs in place. Backward, ReLU's mask and the
/// bias gradient (column sums) come out of one sweep over the upstream gradient.
///
/// Products with a small inner dimension (a multiple of 8, at most 256) and an output width
/// that is a multiple of 16 (the first layer of a ranking MLP, and the input gradient of a
/// layer with few outputs) go through the register-blocked AVX2 kernel of the fused retrieval
/// loss instead, one block of rows at a time on every core, with the bias and activation
/// applied to each block while it is still in cache. OpenBLAS runs these skinny shapes at
/// about half its speed on square ones.
enum AffineKernel {
  /// Rows per block of the register-kernel path (64 rows × 256 floats = 64 KB).
  static let blockRows = 64

  /// Whether `a[m][d] · b[d][n]` should use ``registerProduct(a:bt:out:m:n:d:epilogue:)``.
  static func prefersRegisterKernel(m: Int, n: Int, d: Int) -> Bool {
    RowKernels.usesAVX2 && d % 8 == 0 && d > 0 && d <= 256 && n % 16 == 0 && n > 0
      && m >= 2 * blockRows
  }

  /// `out[m][n] = a[m][d] · bt` (`bt` is `[d][n]`), one block of rows at a time on every core;
  /// `epilogue` runs on each block's rows right after the block is written.
  static func registerProduct(
    a: UnsafePointer<Float>, bt: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
    m: Int, n: Int, d: Int, epilogue: (Range<Int>) -> Void
  ) {
    let blocks = (m + blockRows - 1) / blockRows
    DispatchQueue.concurrentPerform(iterations: blocks) { block in
      let rows = (block * blockRows)..<min(m, (block + 1) * blockRows)
      reel_scores_avx2(
        a + rows.lowerBound * d, bt, n, out + rows.lowerBound * n, n, rows.count, n, d, 1)
      epilogue(rows)
    }
  }

  /// `activation(x · kernel + bias)` over the last axis of `x`.
  static func forward(x: Tensor, kernel: Tensor, bias: Tensor?, activation: Activation)
    -> Tensor
  {
    let (k, n) = (kernel.shape[0], kernel.shape[1])
    let m = k == 0 ? x.scalarCount : x.scalarCount / k
    if prefersRegisterKernel(m: m, n: n, d: k) {
      let biasValues = bias ?? Tensor(shape: [n])
      let y = Tensor(uninitializedShape: Array(x.shape.dropLast()) + [n]) { c in
        x.withUnsafeBufferPointer { a in
          kernel.withUnsafeBufferPointer { w in
            biasValues.withUnsafeBufferPointer { bb in
              registerProduct(
                a: a.baseAddress!, bt: w.baseAddress!, out: c.baseAddress!, m: m, n: n, d: k
              ) { rows in
                let block = c.baseAddress! + rows.lowerBound * n
                if bias != nil { addRow(bb.baseAddress!, to: block, rows: rows.count, width: n) }
                if activation == .relu {
                  reluInPlace(
                    UnsafeMutableBufferPointer(start: block, count: rows.count * n),
                    parallel: false)
                }
              }
            }
          }
        }
      }
      return activation == .relu ? y : y.applyingActivation(activation)
    }
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
    if activation == .relu {
      y.withUnsafeMutableBufferPointer { reluInPlace($0, parallel: true) }
      return y
    }
    return y.applyingActivation(activation)
  }

  /// `dX = g · kernelᵀ` for the backward pass: `g` is `[m][n]`, `kernel` `[k][n]`.
  static func inputGradient(g: Tensor, kernel: Tensor) -> Tensor {
    let (k, n) = (kernel.shape[0], kernel.shape[1])
    let m = n == 0 ? 0 : g.scalarCount / n
    guard prefersRegisterKernel(m: m, n: k, d: n) else {
      return matmul(g.reshaped([m, n]), kernel, transposeB: true)
    }
    let transposed = kernel.withUnsafeBufferPointer { w in
      Tensor(uninitializedShape: [n, k]) { t in
        for i in 0..<k {
          for j in 0..<n { t[j * k + i] = w[i * n + j] }
        }
      }
    }
    return Tensor(uninitializedShape: [m, k]) { out in
      g.withUnsafeBufferPointer { gb in
        transposed.withUnsafeBufferPointer { wt in
          registerProduct(
            a: gb.baseAddress!, bt: wt.baseAddress!, out: out.baseAddress!, m: m, n: k, d: n
          ) { _ in }
        }
      }
    }
  }

  /// `row` added to each of `rows` rows of `width` at `base`.
  private static func addRow(
    _ row: UnsafePointer<Float>, to base: UnsafeMutablePointer<Float>, rows: Int, width: Int
  ) {
    for i in 0..<rows {
      let out = base + i * width
      var j = 0
      while j + 8 <= width {
        VectorMath.store(VectorMath.load(out + j) + VectorMath.load(row + j), out + j)
        j += 8
      }
      while j < width {
        out[j] += row[j]
        j += 1
      }
    }
  }

  private static func reluInPlace(_ buffer: UnsafeMutableBufferPointer<Float>, parallel: Bool) {
    guard let base = buffer.baseAddress else { return }
    Parallel.forEachChunk(count: buffer.count, minimumChunk: parallel ? 1 << 15 : Int.max) {
      range in
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
    return (
      pre, wantsBias ? pre.reshaped([pre.scalarCount / max(n, 1), n]).sum(alongAxes: [0]) : nil
    )
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

extension Tensor {
  /// `activation` applied elementwise (a new tensor; this one when linear).
  fileprivate func applyingActivation(_ activation: Activation) -> Tensor {
    switch activation {
    case .linear: return self
    case .relu: return relu()
    case .sigmoid: return sigmoid()
    case .tanh: return tanh()
    }
  }
}
