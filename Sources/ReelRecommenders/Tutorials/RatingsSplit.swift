import ReelPipeline

/// The train and test ratings of ``TutorialRatings/split(seed:trainFraction:)`` and the
/// batch pipelines the tutorials feed to `fit` and `evaluate`.
///
///     let split = data.split(seed: 42)
///     try trainer.fit(train: split.trainBatches(batchSize: 8192, seed: 42), epochs: 3)
///     let metrics = try trainer.evaluate(split.testBatches())
public struct RatingsSplit: Sendable {
  /// The training ratings, in split order.
  public let train: FeatureBatch
  /// The test ratings, in split order.
  public let test: FeatureBatch

  public init(train: FeatureBatch, test: FeatureBatch) {
    self.train = train
    self.test = test
  }

  /// The training batches: the row numbers shuffled with `seed` (the whole split in one
  /// buffer; reshuffled each epoch from `(seed, epoch)` when `reshuffleEachEpoch`, otherwise
  /// every epoch replays the first one's order, as the tutorials'
  /// `shuffle(100_000).batch(8192).cache()` does), batched, gathered into
  /// ``FeatureBatch``es and prefetched two batches ahead. Resumable like every Reel pipeline.
  ///
  /// - Complexity: O(rows) per epoch.
  public func trainBatches(batchSize: Int, seed: UInt64, reshuffleEachEpoch: Bool = true)
    -> AnyDataset<FeatureBatch>
  {
    let rows = train
    return Datasets.range(0..<rows.rowCount)
      .shuffle(
        bufferSize: max(1, rows.rowCount), seed: seed, reshuffleEachIteration: reshuffleEachEpoch)
      .batch(size: batchSize)
      .map { rows.gather($0) }
      .prefetch(2)
      .eraseToAnyDataset()
  }

  /// The test batches, in split order, `batchSize` rows each (4096 in the tutorials),
  /// gathered once (as the tutorials' `.cache()`).
  public func testBatches(batchSize: Int = 4096) -> AnyDataset<FeatureBatch> {
    Datasets.from(
      stride(from: 0, to: test.rowCount, by: batchSize).map {
        test.slice($0..<min(test.rowCount, $0 + batchSize))
      }
    ).eraseToAnyDataset()
  }
}
