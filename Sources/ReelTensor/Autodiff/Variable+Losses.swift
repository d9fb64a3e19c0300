import Foundation

/// Softmax cross-entropy from logits with probability targets, reduced (Keras
/// `CategoricalCrossentropy(from_logits=True)`; TFRS `Retrieval` uses it with
/// ``LossReduction/sum``).
///
/// The forward pass also computes the gradient in the same sweep over the logits
/// (`wᵢ·(softmax − labels)` per row), so the backward pass of a large score matrix is free
/// when this loss is the final result.
///
///     let tape = Tape()
///     let logits = tape.watch(Tensor(rows: [[2, 0]]))
///     softmaxCrossEntropy(logits: logits, labels: Tensor(rows: [[1, 0]])).value.scalar
///     // 0.126928
///
/// - Complexity: O(n), one sweep over the logits.
public func softmaxCrossEntropy(
  logits: Variable, labels: Tensor, reduction: LossReduction = .sumOverBatchSize,
  sampleWeights: [Float]? = nil
) -> Variable {
  softmaxCrossEntropy(
    logits: logits, targets: .probabilities(labels), reduction: reduction,
    sampleWeights: sampleWeights)
}

/// Softmax cross-entropy from logits with one class index per example, reduced (Keras
/// `SparseCategoricalCrossentropy(from_logits=True)`). For TFRS's in-batch softmax with
/// `labels = eye(n)`, pass `classes = 0..<n`: no label matrix is built.
///
///     let tape = Tape()
///     let scores = tape.watch(Tensor(rows: [[2, 0], [0, 2]]))
///     softmaxCrossEntropy(logits: scores, classes: [0, 1], reduction: .sum).value.scalar
///     // 0.253856
public func softmaxCrossEntropy(
  logits: Variable, classes: [Int32], reduction: LossReduction = .sumOverBatchSize,
  sampleWeights: [Float]? = nil
) -> Variable {
  softmaxCrossEntropy(
    logits: logits, targets: .classes(classes), reduction: reduction,
    sampleWeights: sampleWeights)
}

private func softmaxCrossEntropy(
  logits: Variable, targets: CrossEntropyTargets, reduction: LossReduction,
  sampleWeights: [Float]?
) -> Variable {
  let reducer = LossReducer(
    reduction: reduction, weights: sampleWeights, exampleShape: Array(logits.shape.dropLast()),
    loss: "softmaxCrossEntropy")
  let result = CrossEntropyKernel.run(
    logits: logits.value, targets: targets,
    gradientScales: logits.isRecorded ? reducer.unitFactors : nil)
  let value = reducer.reduce(result.losses)
  let unitGradient = result.gradient
  return Tape.recording(value, [logits]) { g, _ in
    guard let unit = unitGradient else { return [nil] }
    if reduction == .none {
      return [.dense(unit * g.reshaped(g.shape + [1]))]
    }
    let factor = g.scalar
    return [.dense(factor == 1 ? unit : unit * factor)]
  }
}

/// Mean squared error over the last axis, reduced (Keras `MeanSquaredError`).
///
///     let tape = Tape()
///     let p = tape.watch(Tensor(rows: [[1], [3]]))
///     meanSquaredError(predictions: p, labels: Tensor(rows: [[0], [1]])).value.scalar   // 2.5
public func meanSquaredError(
  predictions: Variable, labels: Tensor, reduction: LossReduction = .sumOverBatchSize,
  sampleWeights: [Float]? = nil
) -> Variable {
  let p = predictions.value
  let losses = meanSquaredError(predictions: p, labels: labels)
  let width = Float(p.shape[p.rank - 1])
  return reducedLoss(
    losses, input: predictions, reduction: reduction, weights: sampleWeights,
    name: "meanSquaredError"
  ) { factors in
    LossKernels.zipWithRowGradient(p, labels, rowGradient: factors) { p, y, f in
      2 * (p - y) * f / width
    }
  }
}

/// Binary cross-entropy from probabilities over the last axis, reduced (Keras
/// `BinaryCrossentropy()`, the default of TFRS `Ranking`): probabilities clipped to
/// `[1e-7, 1 − 1e-7]`, whose gradient is zero outside that range (as `tf.clip_by_value`).
///
///     let tape = Tape()
///     let p = tape.watch(Tensor(rows: [[0.5]]))
///     binaryCrossEntropy(probabilities: p, labels: Tensor(rows: [[1]])).value.scalar
///     // 0.6931470
public func binaryCrossEntropy(
  probabilities: Variable, labels: Tensor, reduction: LossReduction = .sumOverBatchSize,
  sampleWeights: [Float]? = nil
) -> Variable {
  let p = probabilities.value
  let losses = binaryCrossEntropy(probabilities: p, labels: labels)
  let width = Float(p.shape[p.rank - 1])
  return reducedLoss(
    losses, input: probabilities, reduction: reduction, weights: sampleWeights,
    name: "binaryCrossEntropy"
  ) { factors in
    LossKernels.zipWithRowGradient(p, labels, rowGradient: factors) { p, y, f in
      guard p >= kerasEpsilon && p <= 1 - kerasEpsilon else { return 0 }
      return -(y / (p + kerasEpsilon) - (1 - y) / (1 - p + kerasEpsilon)) * f / width
    }
  }
}

/// Binary cross-entropy from logits over the last axis, reduced (Keras
/// `BinaryCrossentropy(from_logits=True)`); gradient `sigmoid(x) − y`.
///
///     let tape = Tape()
///     let x = tape.watch(Tensor(rows: [[0]]))
///     binaryCrossEntropy(logits: x, labels: Tensor(rows: [[1]])).value.scalar   // 0.6931472
public func binaryCrossEntropy(
  logits: Variable, labels: Tensor, reduction: LossReduction = .sumOverBatchSize,
  sampleWeights: [Float]? = nil
) -> Variable {
  let x = logits.value
  let losses = binaryCrossEntropy(logits: x, labels: labels)
  let width = Float(x.shape[x.rank - 1])
  return reducedLoss(
    losses, input: logits, reduction: reduction, weights: sampleWeights,
    name: "binaryCrossEntropy"
  ) { factors in
    LossKernels.zipWithRowGradient(x, labels, rowGradient: factors) { x, y, f in
      let s = x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x))
      return (s - y) * f / width
    }
  }
}

/// Records a loss whose per-example values are `losses` (computed from `input`); `gradient`
/// maps each example's factor in the reduced loss to the gradient of `input`.
private func reducedLoss(
  _ losses: Tensor, input: Variable, reduction: LossReduction, weights: [Float]?,
  name: String, gradient: @escaping (_ factors: Tensor) -> Tensor
) -> Variable {
  let reducer = LossReducer(
    reduction: reduction, weights: weights, exampleShape: losses.shape, loss: name)
  let value = reducer.reduce(losses.scalars)
  return Tape.recording(value, [input]) { g, _ in
    let factors = reducer.factors(upstream: g)
    return [.dense(gradient(Tensor(shape: [factors.count], scalars: factors)))]
  }
}
