/// Reel: tf.data and TensorFlow Recommenders for Swift.
///
/// `import Reel` brings in every Reel module:
/// - ``ReelPipeline``: the lazy `Dataset` pipeline, `FeatureBatch` and resumable iterators.
@_exported import ReelPipeline
