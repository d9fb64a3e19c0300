import ArgumentParser
import Reel

/// `reel verify DIR`: checks every checksum and reports all problems.
struct Verify: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Check every checksum of a shard dataset; exit 1 and list every problem if any.")

  @Argument(help: "The dataset directory.") var directory: String

  func run() throws {
    let report = ShardVerifier.verify(directory: directory)
    for problem in report.problems { print("problem: \(problem)") }
    print("\(directory): \(report.shardsChecked) shards, \(report.blocksChecked) blocks, \(report.rowsChecked) rows checked, \(report.problems.count) problems")
    if !report.isValid { throw ExitCode.failure }
  }
}
