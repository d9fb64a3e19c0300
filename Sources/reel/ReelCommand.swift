import ArgumentParser

/// The `reel` command-line tool.
@main
struct ReelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "reel",
    abstract: "Recommender-system pipelines and models in Swift (tf.data + TFRS without Python).",
    subcommands: [
      Demo.self, Generate.self, Synth.self, Preprocess.self, Inspect.self, Verify.self, Cat.self,
      Bench.self, Train.self, Evaluate.self, Recommend.self, Tutorial.self, IndexCommand.self,
    ]
  )
}
