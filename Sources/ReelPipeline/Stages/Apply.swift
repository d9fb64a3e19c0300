extension Dataset {
  /// Applies a pipeline-building function (tf.data's `apply`), to reuse a chain of stages.
  ///
  ///     func standardBatching<D: Dataset>(_ ds: D) -> Prefetch<Batch<D>> { ds.batch(size: 256).prefetch(2) }
  ///     ratings.apply(standardBatching)
  @inlinable
  public func apply<Result: Dataset>(_ transform: (Self) throws -> Result) rethrows -> Result {
    try transform(self)
  }
}
