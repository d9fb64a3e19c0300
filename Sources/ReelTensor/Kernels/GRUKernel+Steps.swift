/// The elementwise part of one GRU forward step for a range of batch rows (see
/// ``GRUKernel``): gates, candidate, new state, carried output, and what the backward pass
/// keeps. `projected` and `inner` are the step's products without bias, for rows starting
/// at `scratchOrigin`; the other buffers are indexed by batch row.
struct GRUForwardStep {
  let kernel: GRUKernel
  let t: Int
  let scratchOrigin: Int
  let projected: UnsafePointer<Float>
  let inner: UnsafePointer<Float>
  /// `[2, 3·units]` (input bias, then recurrent bias), or nil.
  let bias: UnsafePointer<Float>?
  let state: UnsafePointer<Float>
  let next: UnsafeMutablePointer<Float>
  let output: UnsafeMutablePointer<Float>
  let sequence: UnsafeMutablePointer<Float>?
  let gates: UnsafeMutablePointer<Float>?
  let mask: UnsafeBufferPointer<Bool>?

  func run(_ rows: Range<Int>) {
    let (units, time, batch) = (kernel.units, kernel.time, kernel.batch)
    let u3 = 3 * units
    for b in rows {
      let keep = mask.map { $0[b * time + t] } ?? true
      let x = projected + (b - scratchOrigin) * u3
      let i = inner + (b - scratchOrigin) * u3
      let s = state + b * units
      let ns = next + b * units
      let out = output + b * units
      let g = gates.map { $0 + (t * batch + b) * 4 * units }
      var j = 0
      while j + 8 <= units {
        var xz = VectorMath.load(x + j)
        var xr = VectorMath.load(x + units + j)
        var xh = VectorMath.load(x + 2 * units + j)
        var iz = VectorMath.load(i + j)
        var ir = VectorMath.load(i + units + j)
        var ih = VectorMath.load(i + 2 * units + j)
        if let bias = bias {
          xz += VectorMath.load(bias + j)
          xr += VectorMath.load(bias + units + j)
          xh += VectorMath.load(bias + 2 * units + j)
          iz += VectorMath.load(bias + u3 + j)
          ir += VectorMath.load(bias + u3 + units + j)
          ih += VectorMath.load(bias + u3 + 2 * units + j)
        }
        let z = VectorMath.sigmoid(xz + iz)
        let r = VectorMath.sigmoid(xr + ir)
        let hh = VectorMath.tanh(xh + r * ih)
        let previous = VectorMath.load(s + j)
        let h = z * previous + (1 - z) * hh
        if keep {
          VectorMath.store(h, ns + j)
          VectorMath.store(h, out + j)
        } else {
          VectorMath.store(previous, ns + j)
        }
        if let g = g {
          VectorMath.store(z, g + j)
          VectorMath.store(r, g + units + j)
          VectorMath.store(hh, g + 2 * units + j)
          VectorMath.store(ih, g + 3 * units + j)
        }
        j += 8
      }
      while j < units {
        var (xz, xr, xh) = (x[j], x[units + j], x[2 * units + j])
        var (iz, ir, ih) = (i[j], i[units + j], i[2 * units + j])
        if let bias = bias {
          xz += bias[j]
          xr += bias[units + j]
          xh += bias[2 * units + j]
          iz += bias[u3 + j]
          ir += bias[u3 + units + j]
          ih += bias[u3 + 2 * units + j]
        }
        let z = VectorMath.sigmoid(xz + iz)
        let r = VectorMath.sigmoid(xr + ir)
        let hh = VectorMath.tanh(xh + r * ih)
        let h = z * s[j] + (1 - z) * hh
        ns[j] = keep ? h : s[j]
        if keep { out[j] = h }
        if let g = g {
          g[j] = z
          g[units + j] = r
          g[2 * units + j] = hh
          g[3 * units + j] = ih
        }
        j += 1
      }
      sequence.map { ($0 + (b * time + t) * units).update(from: out, count: units) }
    }
  }
}

/// The elementwise part of one GRU backward step for a range of batch rows: the gradients of
/// the step's input and recurrent products (into `projectedGradient` and `innerGradient`, for
/// rows starting at `scratchOrigin`), and the direct part of the previous state's gradient.
struct GRUBackwardStep {
  let kernel: GRUKernel
  let t: Int
  let scratchOrigin: Int
  /// `[batch, time, units]` with `returnSequences`, else nil.
  let upstream: UnsafePointer<Float>?
  let gates: UnsafePointer<Float>
  let previousStates: UnsafePointer<Float>
  let stateGradient: UnsafePointer<Float>
  let outputGradient: UnsafeMutablePointer<Float>
  let previousGradient: UnsafeMutablePointer<Float>
  let projectedGradient: UnsafeMutablePointer<Float>
  let innerGradient: UnsafeMutablePointer<Float>
  let mask: UnsafeBufferPointer<Bool>?

  func run(_ rows: Range<Int>) {
    let (units, time, batch) = (kernel.units, kernel.time, kernel.batch)
    let u3 = 3 * units
    for b in rows {
      let ds = stateGradient + b * units
      let dout = outputGradient + b * units
      let dp = previousGradient + b * units
      let dxp = projectedGradient + (b - scratchOrigin) * u3
      let din = innerGradient + (b - scratchOrigin) * u3
      if let up = upstream {
        let u = up + (b * time + t) * units
        for j in 0..<units { dout[j] += u[j] }
      }
      guard mask.map({ $0[b * time + t] }) ?? true else {
        dp.update(from: ds, count: units)
        dxp.initialize(repeating: 0, count: u3)
        din.initialize(repeating: 0, count: u3)
        continue
      }
      let g = gates + (t * batch + b) * 4 * units
      let s = previousStates + (t * batch + b) * units
      var j = 0
      while j + 8 <= units {
        let dh = VectorMath.load(ds + j) + VectorMath.load(dout + j)
        VectorMath.store(.zero, dout + j)
        let z = VectorMath.load(g + j)
        let r = VectorMath.load(g + units + j)
        let hh = VectorMath.load(g + 2 * units + j)
        let ih = VectorMath.load(g + 3 * units + j)
        let dz = dh * (VectorMath.load(s + j) - hh)
        let dCandidate = dh * (1 - z) * (1 - hh * hh)
        let dPreZ = dz * z * (1 - z)
        let dPreR = dCandidate * ih * r * (1 - r)
        VectorMath.store(dPreZ, dxp + j)
        VectorMath.store(dPreR, dxp + units + j)
        VectorMath.store(dCandidate, dxp + 2 * units + j)
        VectorMath.store(dPreZ, din + j)
        VectorMath.store(dPreR, din + units + j)
        VectorMath.store(dCandidate * r, din + 2 * units + j)
        VectorMath.store(dh * z, dp + j)
        j += 8
      }
      while j < units {
        let dh = ds[j] + dout[j]
        dout[j] = 0
        let (z, r, hh, ih) = (g[j], g[units + j], g[2 * units + j], g[3 * units + j])
        let dz = dh * (s[j] - hh)
        let dCandidate = dh * (1 - z) * (1 - hh * hh)
        let dPreZ = dz * z * (1 - z)
        let dPreR = dCandidate * ih * r * (1 - r)
        dxp[j] = dPreZ
        dxp[units + j] = dPreR
        dxp[2 * units + j] = dCandidate
        din[j] = dPreZ
        din[units + j] = dPreR
        din[2 * units + j] = dCandidate * r
        dp[j] = dh * z
        j += 1
      }
    }
  }
}

/// A new tensor's storage written through its pointer, then handed out as a ``Tensor``
/// (the GRU kernels' intermediates and results).
struct KernelBuffer {
  let storage: TensorStorage
  let shape: [Int]

  /// Uninitialized storage for `shape`; the caller writes every element before `tensor`.
  init(_ shape: [Int]) {
    self.shape = shape
    storage = TensorStorage(uninitializedCapacity: shape.reduce(1, *))
  }

  var pointer: UnsafeMutablePointer<Float> { storage.base }
  var count: Int { storage.capacity }
  var tensor: Tensor { Tensor(storage: storage, offset: 0, shape: shape) }
}

extension Tensor {
  /// The first element, for kernels that keep the tensor alive while they read it
  /// (`withExtendedLifetime`).
  var kernelPointer: UnsafePointer<Float> { UnsafePointer(storage.base + offset) }
}

extension Optional where Wrapped == [Bool] {
  /// Calls `body` with the array's elements, or nil.
  func withOptionalBuffer<R>(_ body: (UnsafeBufferPointer<Bool>?) -> R) -> R {
    switch self {
    case .some(let array): return array.withUnsafeBufferPointer { body($0) }
    case .none: return body(nil)
    }
  }
}
