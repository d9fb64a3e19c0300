import ArgumentParser
import Foundation
import Reel

/// `reel generate`: synthetic data for tests and benchmarks.
struct Generate: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Generate synthetic data (no MovieLens data is used).", subcommands: [GenerateRatings.self])
}

/// `reel generate ratings`: a synthetic ratings table as shards (and optionally CSV).
struct GenerateRatings: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "ratings",
    abstract: "Write a synthetic (user, movie, rating, timestamp) table with planted taste groups as shards.")

  @Option(help: "Rows.") var rows = 1_000_000
  @Option(help: "Users.") var users: Int?
  @Option(help: "Movies.") var movies = 60_000
  @Option(help: "Seed.") var seed: UInt64 = 42
  @Option(help: "Output shard dataset directory.") var output: String
  @Option(help: "Also write the table as CSV to this file.") var csv: String?
  @Option(help: "zstd level.") var level: Int32 = 3
  @Flag(help: "Replace an existing dataset.") var overwrite = false

  func run() throws {
    let table = SyntheticRatings(rows: rows, users: users ?? max(1, rows / 150), movies: movies, seed: seed)
    var options = ShardWriterOptions()
    options.overwrite = overwrite
    options.zstdLevel = level
    options.fingerprint = "reel generate ratings --rows \(rows) --users \(table.users) --movies \(movies) --seed \(seed)"
    let start = Date()
    let manifest = try table.dataset().writeShards(to: output, options: options)
    let seconds = Date().timeIntervalSince(start)
    print("wrote \(manifest.rows) rows to \(output): \(manifest.shards.count) shards, \(manifest.bytes) bytes, \(String(format: "%.2f", seconds)) s (\(String(format: "%.1f", Double(manifest.rows) / seconds / 1e6))M rows/s)")
    if let csv {
      try table.writeCSV(to: csv)
      print("wrote \(csv)")
    }
  }
}
