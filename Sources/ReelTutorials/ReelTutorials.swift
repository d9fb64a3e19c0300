/// ReelTutorials: the models and data preparation of the TFRS tutorials beyond the basic two
/// (which live in ReelRecommenders), built only from the public API of the other Reel modules.
/// `reel tutorial NAME` runs them; Docs/Tutorials/ walks through each.
@_exported import ReelANN
@_exported import ReelMovieLens
@_exported import ReelPipeline
@_exported import ReelPreprocessing
@_exported import ReelRecommenders
@_exported import ReelTensor
