import ArgumentParser

/// `--training-metrics` / `--no-training-metrics`, shared by `reel train` and `reel tutorial`.
struct TrainingMetricsOption: ParsableArguments {
  @Flag(
    inversion: .prefixedNo,
    help: "Retrieval: also compute the factorized top-k metrics in training steps (as TFRS does).")
  var trainingMetrics = true
}
