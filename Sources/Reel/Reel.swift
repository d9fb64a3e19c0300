/// Reel: tf.data and TensorFlow Recommenders for Swift.
///
/// `import Reel` brings in every Reel module:
/// - ``ReelPipeline``: the lazy `Dataset` pipeline, `FeatureBatch` and resumable iterators.
/// - ``ReelShards``: zstd-compressed, checksummed shard files with random access.
/// - ``ReelMovieLens``: parsers for every MovieLens release, features, splits, a generator.
/// - ``ReelRecommenders``: Retrieval and Ranking tasks, Keras/TFRS metrics, top-K indexes.
/// - ``ReelANN``: an approximate (ScaNN-style) top-K index and NumPy `.npy` files.
/// - ``ReelTensor``: tensors, autodiff, layers, optimizers, schedules and weight files.
/// - ``ReelTutorials``: the models of the TFRS tutorials beyond the basic two.
/// - ``ReelCharts``: the small SVG charts the training history and the tutorials draw.
@_exported import ReelANN
@_exported import ReelCharts
@_exported import ReelMovieLens
@_exported import ReelPipeline
@_exported import ReelPreprocessing
@_exported import ReelRecommenders
@_exported import ReelShards
@_exported import ReelTensor
@_exported import ReelTutorials
