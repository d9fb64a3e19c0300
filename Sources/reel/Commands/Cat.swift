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
  @Flag(help: "Apply the preprocessing layers the manifest carries (reel preprocess attaches them) and add their output columns.")
  var preprocess = false

  func run() throws {
    let wanted = columns.map { $0.split(separator: ",").map(String.init) }
    let ds = try ShardDataset(directory: directory, columns: preprocess ? nil : wanted)
    let steps = preprocess ? try Preprocessor(metadata: ds.manifest.metadata).compiled() : nil
    var remaining = limit ?? Int.max
    var iterator = ds.makeIterator()
    var printedHeader = false
    while remaining > 0, var batch = try iterator.next() {
      if let steps { batch = try steps(batch) }
      if preprocess, let wanted { batch = try batch.selecting(wanted) }
      if format == .csv, !printedHeader {
        print(batch.names.joined(separator: ","))
        printedHeader = true
      }
      var out = ""
      for r in 0..<min(batch.rowCount, remaining) {
        out += (format == .csv ? RowFormatting.csvLine(batch, row: r) : RowFormatting.jsonLine(batch, row: r))
        out += "\n"
      }
      print(out, terminator: "")
      remaining -= min(batch.rowCount, remaining)
    }
    if format == .csv, !printedHeader { print((wanted ?? ds.schema.map(\.name)).joined(separator: ",")) }
  }
}
