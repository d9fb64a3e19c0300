import ArgumentParser

/// `reel bench`: performance measurements, human-readable or one JSON object with `--json`.
struct Bench: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Measure Reel's speed (release builds only give meaningful figures).",
    subcommands: [
      BenchPipeline.self, BenchShards.self, BenchParse.self, BenchPreprocess.self, BenchStep.self,
      BenchANN.self,
    ]
  )
}
