import CReelKernels
import Dispatch

/// The register-kernel path of ``GRUKernel`` (AVX2 + FMA, `units` a multiple of 8).
///
/// The batch is split into one contiguous range of rows per core; each core walks its range
/// in blocks of ``blockRows`` rows and takes each block through every time step (forward) or
/// back through them (backward) before the next block, so a block's products and gate
/// buffers stay in cache and the cores never wait for each other. The products are
/// `CReelKernels`' register-blocked ones:
/// - forward: `x_t·K` and `s·R` with `reel_rows_times_matrix_avx2` (rows of `x_t` read in
///   place with their stride `time·features`);
/// - backward: `dInner·Rᵀ` with the same kernel against a transposed copy of `R`,
///   `dx_t = dProjected·Kᵀ` with `reel_scores_avx2` (written in place with stride
///   `time·features`), and `dR += sᵀ·dInner`, `dK += x_tᵀ·dProjected` with
///   `reel_accumulate_transposed_product_avx2` into per-core partial sums, added at the end.
extension GRUKernel {
  /// Rows per block: a block's two `[rows, 3·units]` buffers take 48 KB at 32 units.
  static let blockRows = 64

  /// The cores to use and the rows of each.
  private func workerRanges() -> [Range<Int>] {
    let workers = max(1, min(Parallel.workerCount, batch / GRUKernel.blockRows))
    return (0..<workers).map { w in (batch * w / workers)..<(batch * (w + 1) / workers) }
  }

  func forwardBlocked(_ o: ForwardBuffers, mask: UnsafeBufferPointer<Bool>?) {
    let u3 = 3 * units
    let ranges = workerRanges()
    DispatchQueue.concurrentPerform(iterations: ranges.count) { worker in
      let blockRows = GRUKernel.blockRows
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 2 * blockRows * u3)
      defer { scratch.deallocate() }
      let (projected, inner) = (scratch, scratch + blockRows * u3)
      for start in stride(
        from: ranges[worker].lowerBound, to: ranges[worker].upperBound, by: blockRows)
      {
        let rows = min(blockRows, ranges[worker].upperBound - start)
        var (state, next) = (o.state, o.next)
        for t in 0..<time {
          o.previousStates.map {
            ($0 + (t * batch + start) * units).update(
              from: state + start * units, count: rows * units)
          }
          reel_rows_times_matrix_avx2(
            o.inputs + (start * time + t) * features, time * features, o.kernel, projected,
            rows, features, u3)
          reel_rows_times_matrix_avx2(
            state + start * units, units, o.recurrentKernel, inner, rows, units, u3)
          GRUForwardStep(
            kernel: self, t: t, scratchOrigin: start, projected: projected, inner: inner,
            bias: o.bias, state: state, next: next, output: o.output, sequence: o.sequence,
            gates: o.gates, mask: mask
          ).run(start..<start + rows)
          swap(&state, &next)
        }
      }
    }
  }

  func backwardBlocked(_ o: BackwardBuffers, mask: UnsafeBufferPointer<Bool>?) {
    let u3 = 3 * units
    let ranges = workerRanges()
    let transposedRecurrent = transpose(o.recurrentKernel, rows: units, columns: u3)
    let transposedKernel = transpose(o.kernel, rows: features, columns: u3)
    defer {
      transposedRecurrent.deallocate()
      transposedKernel.deallocate()
    }
    // Per worker: dK [features, 3u], dR [units, 3u], dBias [2, 3u].
    let partialSize = (features + units + 2) * u3
    let partials = UnsafeMutablePointer<Float>.allocate(capacity: ranges.count * partialSize)
    partials.initialize(repeating: 0, count: ranges.count * partialSize)
    defer { partials.deallocate() }
    DispatchQueue.concurrentPerform(iterations: ranges.count) { worker in
      let blockRows = GRUKernel.blockRows
      let scratch = UnsafeMutablePointer<Float>.allocate(capacity: blockRows * (2 * u3 + units))
      defer { scratch.deallocate() }
      let (dxp, din, product) = (scratch, scratch + blockRows * u3, scratch + 2 * blockRows * u3)
      let dKernel = partials + worker * partialSize
      let dRecurrent = dKernel + features * u3
      let dBias = dRecurrent + units * u3
      for start in stride(
        from: ranges[worker].lowerBound, to: ranges[worker].upperBound, by: blockRows)
      {
        let rows = min(blockRows, ranges[worker].upperBound - start)
        var (stateGradient, previousGradient) = (o.stateGradient, o.previousGradient)
        for t in stride(from: time - 1, through: 0, by: -1) {
          GRUBackwardStep(
            kernel: self, t: t, scratchOrigin: start,
            upstream: returnSequences ? o.upstream : nil, gates: o.gates,
            previousStates: o.previousStates, stateGradient: stateGradient,
            outputGradient: o.outputGradient, previousGradient: previousGradient,
            projectedGradient: dxp, innerGradient: din, mask: mask
          ).run(start..<start + rows)
          // dState_{t-1} += dInner · Rᵀ
          reel_rows_times_matrix_avx2(din, u3, transposedRecurrent, product, rows, u3, units)
          add(product, into: previousGradient + start * units, count: rows * units)
          // dR += state_{t-1}ᵀ · dInner; dK += x_tᵀ · dProjected
          reel_accumulate_transposed_product_avx2(
            o.previousStates + (t * batch + start) * units, units, din, dRecurrent, rows, units,
            u3)
          reel_accumulate_transposed_product_avx2(
            o.inputs + (start * time + t) * features, time * features, dxp, dKernel, rows,
            features, u3)
          addColumnSums(dxp, rows: rows, columns: u3, into: dBias)
          addColumnSums(din, rows: rows, columns: u3, into: dBias + u3)
          if let dInputs = o.dInputs {
            // dx_t = dProjected · Kᵀ, written in place into [batch, time, features].
            reel_scores_avx2(
              dxp, transposedKernel, features, dInputs + (start * time + t) * features,
              time * features, rows, features, u3, 1)
          }
          swap(&stateGradient, &previousGradient)
        }
      }
    }
    for worker in 0..<ranges.count {
      let partial = partials + worker * partialSize
      add(partial, into: o.dKernel, count: features * u3)
      add(partial + features * u3, into: o.dRecurrent, count: units * u3)
      add(partial + (features + units) * u3, into: o.dBias, count: 2 * u3)
    }
  }

  /// A new `[columns, rows]` copy of the row-major `[rows, columns]` matrix at `m`.
  private func transpose(_ m: UnsafePointer<Float>, rows: Int, columns: Int)
    -> UnsafeMutablePointer<Float>
  {
    let out = UnsafeMutablePointer<Float>.allocate(capacity: max(rows * columns, 1))
    for r in 0..<rows {
      for c in 0..<columns { out[c * rows + r] = m[r * columns + c] }
    }
    return out
  }

  /// `into[i] += values[i]` for `count` elements.
  private func add(_ values: UnsafePointer<Float>, into: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
      VectorMath.store(VectorMath.load(into + i) + VectorMath.load(values + i), into + i)
      i += 8
    }
    while i < count {
      into[i] += values[i]
      i += 1
    }
  }

  /// `into[c] += Σ_r m[r][c]` for the row-major `[rows, columns]` matrix `m`.
  private func addColumnSums(
    _ m: UnsafePointer<Float>, rows: Int, columns: Int, into: UnsafeMutablePointer<Float>
  ) {
    for r in 0..<rows { add(m + r * columns, into: into, count: columns) }
  }
}
