import Foundation
import ReelPipeline
import ReelTensor

/// Trains and evaluates a ``RecommenderModel`` as Keras `fit`/`evaluate` do for a `tfrs.Model`:
/// per step a tape, the model's loss plus its regularization losses, gradients of the total,
/// one optimizer update; metrics reset at the start of each epoch and of each evaluation.
///
///     let trainer = Trainer(model: model, optimizer: Adagrad(learningRate: 0.1))
///     let history = try trainer.fit(train: trainBatches, epochs: 3, validation: testBatches)
///     history["val_factorized_top_k/top_100_categorical_accuracy"]
///
/// With `checkpointDirectory`, `fit` resumes from the checkpoint found there and writes one
/// every `checkpointEvery` steps and at the end of every epoch; a resumed run ends with the
/// same weights, bit for bit, as an uninterrupted one (the pipeline must be deterministic:
/// seeded shuffles, no randomness in the model other than what it restores itself).
public final class Trainer {
  /// The model being trained.
  public let model: any RecommenderModel
  /// The optimizer applied to ``RecommenderModel/parameters``.
  public let optimizer: any Optimizer
  /// Hooks called during `fit`, in order.
  public var callbacks: [any TrainingCallback]
  /// Set (from a callback, say) to stop `fit` after the current step; a checkpoint is written
  /// first when checkpointing. `fit` clears it when it starts.
  public var stopRequested = false
  /// The history of the last `fit` (including epochs restored from a checkpoint).
  public private(set) var history = History()

  public init(
    model: any RecommenderModel, optimizer: any Optimizer, callbacks: [any TrainingCallback] = []
  ) {
    self.model = model
    self.optimizer = optimizer
    self.callbacks = callbacks
  }

  /// The losses of one step.
  public struct StepLosses: Sendable {
    public var loss: Float
    public var regularizationLoss: Float
    public var totalLoss: Float
  }

  /// One training step on `batch`: forward on a fresh tape, gradients of loss plus
  /// regularization, one optimizer update.
  ///
  /// - Throws: what the model throws; ``RecommenderError`` when the loss is not a scalar.
  @discardableResult
  public func trainStep(_ batch: FeatureBatch) throws -> StepLosses {
    let tape = Tape()
    let parameters = model.parameters
    let (loss, regularization, total) = try losses(batch, tape: tape, training: true)
    optimizer.apply(tape.gradient(of: total, wrt: parameters), to: parameters)
    return StepLosses(
      loss: loss.value.scalar, regularizationLoss: regularization, totalLoss: total.value.scalar)
  }

  private func losses(_ batch: FeatureBatch, tape: Tape?, training: Bool) throws
    -> (Variable, Float, Variable)
  {
    let loss = try model.computeLoss(batch: batch, tape: tape, training: training)
    guard loss.shape.reduce(1, *) == 1 else {
      throw RecommenderError(
        component: "Trainer", reason: "computeLoss returned shape \(loss.shape), expected a scalar")
    }
    var total = loss.value.rank == 0 ? loss : loss.sum()
    var regularization: Float = 0
    for term in model.regularizationLosses(tape: tape) {
      let s = term.value.rank == 0 ? term : term.sum()
      regularization += s.value.scalar
      total = total + s
    }
    return (loss, regularization, total)
  }

  /// Evaluates on `data`: resets the metrics, runs every batch without a tape and returns
  /// `loss`, `regularization_loss`, `total_loss` (means over batches) and every metric result.
  public func evaluate<D: Dataset>(_ data: D) throws -> [String: Double]
  where D.Element == FeatureBatch {
    model.resetMetrics()
    try model.prepareForEvaluation()
    var sums = LossSums()
    var iterator = data.makeIterator(epoch: 0)
    while let batch = try iterator.next() {
      let (loss, regularization, total) = try losses(batch, tape: nil, training: false)
      sums.add(loss.value.scalar, regularization, total.value.scalar)
    }
    var values = sums.means
    for r in model.metricResults { values[r.name] = Double(r.value) }
    return values
  }

  /// Trains for `epochs` epochs over `train` (epoch `e` iterates `train.makeIterator(epoch: e)`,
  /// so seeded shuffles reshuffle per epoch), evaluating on `validation` after each epoch
  /// (values prefixed `val_`).
  ///
  /// - Parameters:
  ///   - checkpointDirectory: resume from the checkpoint there, if any, and write checkpoints
  ///     there: every `checkpointEvery` steps (when given), at the end of each epoch and when
  ///     stopping early.
  ///   - maxSteps: stop once this many steps (counted since the very first run) are done.
  /// - Returns: the history, including epochs restored from the checkpoint.
  /// - Throws: what the model, the pipeline or the file system throws; ``RecommenderError``
  ///   on an unusable checkpoint or bad arguments.
  @discardableResult
  public func fit<D: Dataset>(
    train: D, epochs: Int, validation: (any Dataset<FeatureBatch>)? = nil,
    checkpointDirectory: URL? = nil, checkpointEvery: Int? = nil, maxSteps: Int? = nil
  ) throws -> History where D.Element == FeatureBatch {
    guard epochs >= 0, checkpointEvery.map({ $0 > 0 }) ?? true, maxSteps.map({ $0 >= 0 }) ?? true
    else {
      throw RecommenderError(
        component: "Trainer",
        reason: "epochs (\(epochs)) and maxSteps must be ≥ 0, checkpointEvery > 0")
    }
    stopRequested = false
    let parameters = model.parameters
    var position = TrainingPosition()
    var restoredIterator: Data?
    history = History()
    if let folder = checkpointDirectory,
      let (saved, iterator, savedHistory) = try Checkpoint.restore(
        from: folder, parameters: parameters, optimizer: optimizer)
    {
      (position, restoredIterator, history) = (saved, iterator, savedHistory)
    }
    let stepsPerEpoch: Int?
    if case .finite(let n) = train.cardinality { stepsPerEpoch = n } else { stepsPerEpoch = nil }
    for c in callbacks {
      c.trainingWillStart(epochs: epochs, stepsPerEpoch: stepsPerEpoch, trainer: self)
    }
    let clock = ContinuousClock()

    func checkpoint(_ iterator: D.Iterator?) throws {
      guard let folder = checkpointDirectory else { return }
      position.metricStates = model.tasks.flatMap(\.metrics).map(\.state)
      try Checkpoint.write(
        to: folder, position: position, parameters: parameters, optimizer: optimizer,
        iteratorState: try iterator?.saveState(), history: history)
    }

    while position.epoch < epochs {
      var iterator: D.Iterator
      if let data = restoredIterator {
        iterator = try train.makeIterator(restoringFrom: data)
        restoredIterator = nil
        try restoreMetrics(position.metricStates)
      } else {
        iterator = train.makeIterator(epoch: position.epoch)
        model.resetMetrics()
      }
      var sums = LossSums(position.lossSums)
      let start = clock.now
      let secondsBefore = position.secondsInEpoch
      var rowsSinceStart = 0
      var stepsSinceStart = 0
      while maxSteps.map({ position.globalStep < $0 }) ?? true, !stopRequested,
        let batch = try iterator.next()
      {
        let step = try trainStep(batch)
        sums.add(step.loss, step.regularizationLoss, step.totalLoss)
        position.stepInEpoch += 1
        position.globalStep += 1
        position.rowsInEpoch += batch.rowCount
        rowsSinceStart += batch.rowCount
        stepsSinceStart += 1
        let elapsed = seconds(clock.now - start)
        position.secondsInEpoch = secondsBefore + elapsed
        position.lossSums = sums.sums
        if !callbacks.isEmpty {
          var values = sums.means.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) }
          values += model.metricResults.map { (name: $0.name, value: Double($0.value)) }
          let progress = StepProgress(
            epoch: position.epoch, epochs: epochs, step: position.stepInEpoch,
            stepsPerEpoch: stepsPerEpoch, globalStep: position.globalStep,
            rows: position.rowsInEpoch, seconds: elapsed, rowsSinceStart: rowsSinceStart,
            stepsSinceStart: stepsSinceStart,
            values: values)
          for c in callbacks { c.stepDidEnd(progress, trainer: self) }
        }
        if let every = checkpointEvery, position.globalStep % every == 0 {
          try checkpoint(iterator)
        }
      }
      // The loop checks the stop conditions before asking for a batch, so a stop always
      // leaves the epoch unfinished (possibly with nothing left in it): save the iterator.
      if stopRequested || maxSteps.map({ position.globalStep >= $0 }) ?? false {
        try checkpoint(iterator)
        return history
      }
      // The epoch is complete.
      var values = sums.means
      for r in model.metricResults { values[r.name] = Double(r.value) }
      if let validation = validation {
        for (name, value) in try evaluate(validation) { values["val_" + name] = value }
      }
      let record = EpochRecord(
        epoch: position.epoch, values: values, rows: position.rowsInEpoch,
        steps: position.stepInEpoch, seconds: position.secondsInEpoch)
      history.epochs.append(record)
      position = TrainingPosition(epoch: position.epoch + 1, globalStep: position.globalStep)
      try checkpoint(nil)
      for c in callbacks { c.epochDidEnd(record, trainer: self) }
    }
    for c in callbacks { c.trainingDidEnd(history, trainer: self) }
    return history
  }
}

func seconds(_ d: Duration) -> Double {
  let c = d.components
  return Double(c.seconds) + Double(c.attoseconds) * 1e-18
}

/// Running sums of the three losses over steps.
struct LossSums {
  var sums: [String: Double]
  var count: Int

  init(_ sums: [String: Double] = [:]) {
    self.sums = sums
    count = Int(sums["steps"] ?? 0)
  }

  mutating func add(_ loss: Float, _ regularization: Float, _ total: Float) {
    sums["loss", default: 0] += Double(loss)
    sums["regularization_loss", default: 0] += Double(regularization)
    sums["total_loss", default: 0] += Double(total)
    count += 1
    sums["steps"] = Double(count)
  }

  var means: [String: Double] {
    guard count > 0 else { return [:] }
    var out: [String: Double] = [:]
    for (k, v) in sums where k != "steps" { out[k] = v / Double(count) }
    return out
  }
}

extension Trainer {
  /// Puts the metric states of a checkpoint back into the model's task metrics.
  fileprivate func restoreMetrics(_ saved: [[Double]]?) throws {
    guard let states = saved else { return }  // an older checkpoint: metrics start afresh
    let metrics = model.tasks.flatMap(\.metrics)
    guard states.count == metrics.count else {
      throw RecommenderError(
        component: "Trainer",
        reason: "the checkpoint holds \(states.count) metric states, the model has \(metrics.count) "
          + "metrics")
    }
    for (metric, state) in zip(metrics, states) { try metric.restore(state: state) }
  }
}
