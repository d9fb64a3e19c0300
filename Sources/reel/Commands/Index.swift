import ArgumentParser

/// `reel index`: build and query approximate top-K indexes.
struct IndexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "index",
    abstract:
      "Build and query an approximate (ScaNN-style) top-K index over .npy embeddings or a model.",
    subcommands: [IndexBuild.self, IndexQuery.self, IndexExport.self])
}
