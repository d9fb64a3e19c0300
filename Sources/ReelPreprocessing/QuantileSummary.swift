import Dispatch

/// The adapt state of Keras's `Discretization`: a weighted, sorted sample of the values seen,
/// built and merged exactly as tf-keras 2.21 does (its numpy "summary" scheme, not
/// Greenwald–Khanna), so the bin boundaries equal Keras's bit for bit given the same batches.
///
///     var state = try QuantileSummary(epsilon: 0.01)
///     for batch in [[3, 1, 2], [5, 4]] as [[Float]] {
///       try state.merge(QuantileSummary(batch: batch, epsilon: 0.01))
///     }
///     state.binBoundaries(numBins: 2)   // [2.5]
///
/// - A batch summary (``init(batch:epsilon:)``, Keras's `summarize`) sorts the batch and keeps
///   every `step`-th value from index `step`, each weighing `step`, where
///   `step = max(Int32(Float(n) / Float(1 / epsilon)), 1)` (float32, truncated). Below
///   `1 / epsilon` values that is the whole batch with weight 1; above it the first `step`
///   values are dropped, as in Keras.
/// - ``merge(_:)`` (Keras's `merge_summaries(next, state)`) concatenates the next batch's points
///   before the state's, sorts them stably (subnormals compare as 0, as in TensorFlow) and compresses them to `ceil(1 / epsilon)` points
///   by interpolating (`numpy.interp`, float64) the values and the float32 cumulative weights
///   at the cumulative-weight fractions `epsilon, 2·epsilon, …`; fewer than `1 / epsilon`
///   points are left as they are. Merging is order-dependent: fold batches in their order.
/// - ``binBoundaries(numBins:)`` compresses with `1 / numBins` and drops the last point.
///
/// Parallel adapt: the expensive part, summarizing each batch (a sort), is independent per
/// batch (``summarize(batches:epsilon:maxConcurrency:)`` runs it on several cores); folding
/// the summaries with ``merge(_:)`` in batch order then gives exactly the single-pass result.
/// A summary is `Codable`, so batch summaries can also be made elsewhere and folded later.
///
/// - Complexity: a batch summary O(n log n); a merge O(s) for `s ≈ 2 / epsilon` points.
public struct QuantileSummary: Codable, Sendable, Equatable {
  /// Keras's `epsilon`: the relative accuracy; the summary keeps about `1 / epsilon` points.
  public let epsilon: Double
  /// The points' values (sorted, up to float rounding of the interpolation).
  public private(set) var values: [Float]
  /// The points' weights (how many inputs each stands for), float32 as in Keras.
  public private(set) var weights: [Float]

  /// An empty summary (Keras's initial `[[], []]`).
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` unless `0 < epsilon < 1`.
  public init(epsilon: Double) throws {
    try Self.validate(epsilon: epsilon)
    self.epsilon = epsilon
    values = []
    weights = []
  }

  /// Keras's `summarize(batch, epsilon)`: one batch's points, not yet compressed.
  ///
  /// - Throws: ``PreprocessingError/invalidInput(layer:_:)`` for a NaN value (Keras would sort
  ///   it to an unspecified place and produce NaN boundaries).
  /// - Complexity: O(n log n).
  public init(batch: [Float], epsilon: Double) throws {
    try Self.validate(epsilon: epsilon)
    if let bad = batch.firstIndex(where: \.isNaN) {
      throw PreprocessingError.invalidInput(layer: "Discretization", "value \(bad) is NaN")
    }
    self.epsilon = epsilon
    var sorted = batch.sorted { Self.tensorFlowKey($0) < Self.tensorFlowKey($1) }
    // tf.sort keeps equal values in input order; of those only the values TensorFlow takes
    // for zero (±0 and subnormals) can be told apart.
    if let firstZero = sorted.firstIndex(where: { Self.tensorFlowKey($0) == 0 }) {
      var slot = firstZero
      for value in batch where Self.tensorFlowKey(value) == 0 {
        sorted[slot] = value
        slot += 1
      }
    }
    let increment = Int(Float(batch.count) / Float(1.0 / epsilon))
    let step = max(increment, 1)
    values = stride(from: increment, to: sorted.count, by: step).map { sorted[$0] }
    weights = Array(repeating: Float(step), count: values.count)
  }

  /// Folds the summary of the next batch into this state (Keras's
  /// `merge_summaries(next, state, epsilon)`); an empty `next` still recompresses the state.
  ///
  /// - Throws: ``PreprocessingError/invalidArgument(layer:_:)`` if the epsilons differ;
  ///   ``PreprocessingError/invalidInput(layer:_:)`` if interpolating between `-inf` and `+inf`
  ///   made a point NaN (Keras's order for it is unspecified).
  /// - Complexity: O(s) for the `s` points of both summaries (O(s log s) if rounding left
  ///   the state out of order).
  public mutating func merge(_ next: QuantileSummary) throws {
    guard next.epsilon == epsilon else {
      throw PreprocessingError.invalidArgument(
        layer: "Discretization", "cannot merge summaries with epsilon \(next.epsilon) and \(epsilon)")
    }
    let (sortedValues, sortedWeights) = Self.stableMerge(next.values, next.weights, values, weights)
    (values, weights) = Self.compress(sortedValues, sortedWeights, epsilon: epsilon, flushingSubnormals: true)
    if values.contains(where: \.isNaN) {
      throw PreprocessingError.invalidInput(
        layer: "Discretization", "-inf and +inf values with nothing between them make a quantile undefined")
    }
  }

  /// Keras's `get_bin_boundaries(summary, num_bins)`: the summary compressed with
  /// `1 / numBins`, without its last point. That is `ceil(numBins)` boundaries as numpy counts
  /// `np.arange(0, 1, 1 / numBins)` (for example 49 gives 49 boundaries, 50 bins), and, when
  /// the summary has fewer than `numBins` points, its own values without the last.
  public func binBoundaries(numBins: Int) -> [Float] {
    precondition(numBins >= 1, "numBins must be at least 1")
    let compressed = Self.compress(values, weights, epsilon: 1.0 / Double(numBins), flushingSubnormals: false)
    return Array(compressed.values.dropLast())
  }

  /// Summarizes `batches` (each with ``init(batch:epsilon:)``) on up to `maxConcurrency`
  /// threads; the result is in batch order, ready to ``merge(_:)`` one by one.
  ///
  /// - Throws: the first failing batch's error (in batch order), naming the batch by its
  ///   position plus `firstBatchIndex`.
  public static func summarize(
    batches: [[Float]], epsilon: Double, maxConcurrency: Int, firstBatchIndex: Int = 0
  ) throws -> [QuantileSummary] {
    var results = [Result<QuantileSummary, any Error>?](repeating: nil, count: batches.count)
    let workers = max(1, min(maxConcurrency, batches.count))
    if workers == 1 {
      for (b, batch) in batches.enumerated() {
        results[b] = Result { try QuantileSummary(batch: batch, epsilon: epsilon) }
      }
    } else {
      results.withUnsafeMutableBufferPointer { slots in
        let output = slots
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
          for b in stride(from: worker, to: batches.count, by: workers) {
            output[b] = Result { try QuantileSummary(batch: batches[b], epsilon: epsilon) }
          }
        }
      }
    }
    return try results.enumerated().map { b, result in
      do {
        return try result!.get()
      } catch PreprocessingError.invalidInput(let layer, let message) {
        throw PreprocessingError.invalidInput(layer: layer, "batch \(firstBatchIndex + b): \(message)")
      }
    }
  }

  // MARK: - Codable (values may be ±infinity)

  private enum CodingKeys: String, CodingKey { case epsilon, values, weights }

  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    epsilon = try container.decode(Double.self, forKey: .epsilon)
    values = NonFiniteFloat.unwrap(try container.decode([NonFiniteFloat].self, forKey: .values))
    weights = NonFiniteFloat.unwrap(try container.decode([NonFiniteFloat].self, forKey: .weights))
    do {
      try Self.validate(epsilon: epsilon)
    } catch {
      throw PreprocessingError.invalidState(layer: "Discretization", "summary epsilon must be in (0, 1)")
    }
    guard values.count == weights.count, !values.contains(where: \.isNaN),
      weights.allSatisfy({ $0.isFinite && $0 >= 0 })
    else {
      throw PreprocessingError.invalidState(
        layer: "Discretization", "summary needs as many values as weights, no NaN, finite weights ≥ 0")
    }
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(epsilon, forKey: .epsilon)
    try container.encode(NonFiniteFloat.wrap(values), forKey: .values)
    try container.encode(NonFiniteFloat.wrap(weights), forKey: .weights)
  }

  // MARK: - Keras's TensorFlow and numpy steps

  /// The points of `first` then `second`, stably sorted by value (TensorFlow's `argsort` of
  /// the concatenation: equal values keep their order, `first`'s before `second`'s). Sorted
  /// inputs, the usual case, take a linear merge.
  static func stableMerge(
    _ firstValues: [Float], _ firstWeights: [Float], _ secondValues: [Float], _ secondWeights: [Float]
  ) -> ([Float], [Float]) {
    let firstKeys = firstValues.map(tensorFlowKey)
    let secondKeys = secondValues.map(tensorFlowKey)
    func isSorted(_ keys: [Float]) -> Bool { zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 } }
    guard isSorted(firstKeys), isSorted(secondKeys) else {
      let values = firstValues + secondValues
      let weights = firstWeights + secondWeights
      let keys = firstKeys + secondKeys
      let order = keys.indices.sorted { a, b in keys[a] < keys[b] || (keys[a] == keys[b] && a < b) }
      return (order.map { values[$0] }, order.map { weights[$0] })
    }
    var values = [Float]()
    var weights = [Float]()
    values.reserveCapacity(firstValues.count + secondValues.count)
    weights.reserveCapacity(firstValues.count + secondValues.count)
    var i = 0
    var j = 0
    while i < firstKeys.count || j < secondKeys.count {
      if j == secondKeys.count || (i < firstKeys.count && firstKeys[i] <= secondKeys[j]) {
        values.append(firstValues[i])
        weights.append(firstWeights[i])
        i += 1
      } else {
        values.append(secondValues[j])
        weights.append(secondWeights[j])
        j += 1
      }
    }
    return (values, weights)
  }

  /// How TensorFlow's CPU kernels compare a float: they run with denormals-are-zero, so a
  /// subnormal value sorts and buckets as 0 (it is kept, not changed).
  static func tensorFlowKey(_ value: Float) -> Float { value.isSubnormal ? 0 : value }

  static func validate(epsilon: Double) throws {
    guard epsilon > 0, epsilon < 1 else {
      throw PreprocessingError.invalidArgument(layer: "Discretization", "epsilon must be in (0, 1), got \(epsilon)")
    }
  }

  /// The x86 flush-to-zero and denormals-are-zero modes for one float: a subnormal becomes a
  /// zero of the same sign.
  static func flushed(_ value: Float) -> Float { value.isSubnormal ? (value.sign == .minus ? -0.0 : 0.0) : value }

  /// Keras's `_compress_summary_numpy`: float32 cumulative weights and their fractions,
  /// float64 `numpy.interp` at `epsilon + i·epsilon` for `i < ceil(1 / epsilon)`, then float32.
  ///
  /// During adapt Keras runs this numpy code inside its `tf.function`, on a TensorFlow thread
  /// with flush-to-zero and denormals-are-zero on (`flushingSubnormals`): subnormal float32
  /// inputs and results are zeros there. Its final call (for the boundaries) runs eagerly,
  /// without them.
  static func compress(
    _ values: [Float], _ weights: [Float], epsilon: Double, flushingSubnormals: Bool
  ) -> (values: [Float], weights: [Float]) {
    if Double(values.count) * epsilon < 1 { return (values, weights) }
    let flush: (Float) -> Float = flushingSubnormals ? Self.flushed : { $0 }
    let pointCount = Int((1.0 / epsilon).rounded(.up))  // len(np.arange(0.0, 1.0, epsilon))
    let percents = (0..<pointCount).map { epsilon + Double($0) * epsilon }
    var cumulative = [Float]()
    cumulative.reserveCapacity(weights.count)
    var running: Float = 0
    for weight in weights {
      running = flush(running + flush(weight))
      cumulative.append(running)
    }
    let total = cumulative[cumulative.count - 1]
    let fractions = cumulative.map { Double(flush($0 / total)) }
    let newValues = NumpyInterpolation.interp(percents, fractions, values.map { Double(flush($0)) })
    let newCumulative = NumpyInterpolation.interp(percents, fractions, cumulative.map(Double.init))
    var newWeights = [Float]()
    newWeights.reserveCapacity(pointCount)
    var previous = 0.0
    for c in newCumulative {
      newWeights.append(flush(Float(c - previous)))
      previous = c
    }
    return (newValues.map { flush(Float($0)) }, newWeights)
  }
}
