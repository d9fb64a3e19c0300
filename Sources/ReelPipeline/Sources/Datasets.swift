/// Namespace for dataset sources: `Datasets.from(_:)`, `Datasets.range(_:)`, ...
///
/// Each source lives in its own file under `Sources/ReelPipeline/Sources/`.
public enum Datasets {}
