import ArgumentParser
import Reel

/// `reel cat DIR`: rows of a shard dataset as CSV or JSON lines.
struct Cat: ParsableCommand {
  static let configuration = CommandConfiguration(abstract: "Print rows of a shard dataset as CSV or JSON lines.")

  enum Format: String, ExpressibleByArgument { case csv, jsonl }

  @Argument(help: "The dataset directory.") var directory: String
  @Option(help: "At most this many rows (default: all).") var limit: Int?
  @Option(help: "csv (with a header) or jsonl.") var format: Format = .csv
  @Option(help: "Comma-separated columns to print (default: all).") var columns: String?

  func run() throws {
    let ds = try ShardDataset(directory: directory, columns: columns.map { $0.split(separator: ",").map(String.init) })
    if format == .csv { print(ds.schema.map(\.name).joined(separator: ",")) }
    var remaining = limit ?? Int.max
    var iterator = ds.makeIterator()
    while remaining > 0, let batch = try iterator.next() {
      var out = ""
      for r in 0..<min(batch.rowCount, remaining) {
        out += (format == .csv ? RowFormatting.csvLine(batch, row: r) : RowFormatting.jsonLine(batch, row: r))
        out += "\n"
      }
      print(out, terminator: "")
      remaining -= min(batch.rowCount, remaining)
    }
  }
}
