import ArgumentParser
import Foundation
import Reel

/// `reel demo`: runs a small pipeline over the bundled synthetic ratings and reports each step.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a small pipeline on the bundled fixture data and print what it did."
  )

  @Option(help: "A ratings.csv in MovieLens latest-small format.")
  var ratings = "Fixtures/demo/ratings.csv"
  @Option(help: "Shuffle seed.") var seed: UInt64 = 42
  @Option(help: "Rows per batch.") var batchSize = 256
  @Option(help: "Stop epoch 1 after this many batches and write the iterator state to --state.")
  var stopAfter: Int?
  @Flag(help: "Resume epoch 1 from the iterator state in --state (as written by --stop-after).")
  var resume = false
  @Option(help: "Iterator state file for --stop-after and --resume.") var state =
    "reel-demo-state.json"
  @Flag(
    help:
      "Print one digest per batch of epoch 1 (the whole epoch, or the part run with --stop-after / --resume)."
  )
  var digests = false
  @Option(help: "Where to write epoch 0 as shards (default: a new temporary directory).")
  var shards: String?
  @Option(help: "The MovieLens release (folder or .zip) the basic-retrieval part trains on.")
  var movielens = "Fixtures/movielens/ml-100k"
  @Option(help: "Epochs of the basic-retrieval part (0 skips it).") var trainEpochs = 2

  /// One parsed row of ratings.csv.
  struct Rating {
    var user: Int32
    var movie: Int32
    var rating: Float
    var timestamp: Int64
  }

  enum DemoError: Error, CustomStringConvertible {
    case badRow(String)
    var description: String {
      switch self {
      case .badRow(let row): return "cannot parse row '\(row)'"
      }
    }
  }

  static func parse(_ line: String) throws -> Rating {
    let fields = line.split(separator: ",")
    guard fields.count == 4, let user = Int32(fields[0]), let movie = Int32(fields[1]),
      let rating = Float(fields[2]), let timestamp = Int64(fields[3])
    else { throw DemoError.badRow(line) }
    return Rating(user: user, movie: movie, rating: rating, timestamp: timestamp)
  }

  /// Epoch 1 in pieces, across processes: `--stop-after K` writes the state after K batches,
  /// `--resume` continues from it; each prints one digest per batch it produced.
  func runPartial<D: Dataset>(_ ds: D) throws where D.Element == FeatureBatch {
    var iterator: D.Iterator
    if resume {
      iterator = try ds.makeIterator(
        restoringFrom: try Data(contentsOf: URL(fileURLWithPath: state)))
    } else {
      iterator = ds.makeIterator(epoch: 1)
    }
    var produced = 0
    while produced < (stopAfter ?? Int.max), let batch = try iterator.next() {
      print("batch \(produced): \(try Demo.digest(batch))")
      produced += 1
    }
    if stopAfter != nil {
      try AtomicFile.write(iterator.saveState(), to: URL(fileURLWithPath: state))
      print("state saved to \(state)")
    }
  }

  /// A short fingerprint of a batch's rows, in order.
  static func digest(_ batch: FeatureBatch) throws -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for (user, movie) in zip(try batch.int32("user"), try batch.int32("movie")) {
      for v in [UInt64(UInt32(bitPattern: user)), UInt64(UInt32(bitPattern: movie))] {
        hash = (hash ^ v) &* 0x100_0000_01b3
      }
    }
    return "\(batch.rowCount) rows \(String(hash, radix: 16))"
  }

  func pipeline() -> some Dataset<FeatureBatch> {
    Datasets.textLines([ratings])
      .skip(1)
      .map(parallelism: 2, Demo.parse)
      .filter { $0.rating >= 3.5 }
      .shuffle(bufferSize: 1000, seed: seed)
      .batch(
        size: batchSize,
        columns: [
          .int32("user") { $0.user }, .int32("movie") { $0.movie },
          .float("rating") { $0.rating }, .int64("timestamp") { $0.timestamp },
        ]
      )
      .prefetch(2)
  }

  func run() throws {
    guard FileManager.default.fileExists(atPath: ratings) else {
      throw ValidationError(
        "\(ratings) not found: run reel demo from the repository root or pass --ratings")
    }
    let ds = pipeline()
    if digests || stopAfter != nil || resume { return try runPartial(ds) }
    print(
      "pipeline: textLines(\(ratings)) → skip(1) → map(parallelism: 2, parse) → filter(rating ≥ 3.5)"
    )
    print(
      "          → shuffle(bufferSize: 1000, seed: \(seed)) → batch(\(batchSize), columns) → prefetch(2)"
    )
    print("cardinality: \(ds.cardinality)")

    var iterator = ds.makeIterator(epoch: 0)
    var batches: [FeatureBatch] = []
    while let batch = try iterator.next() { batches.append(batch) }
    let rows = batches.reduce(0) { $0 + $1.rowCount }
    let all = try FeatureBatch.concatenate(batches)
    let users = Set(try all.int32("user")).count
    let movies = Set(try all.int32("movie")).count
    let mean = try all.float("rating").reduce(0, +) / Float(max(1, rows))
    print(
      "epoch 0: \(batches.count) batches, \(rows) rows kept, \(users) users, \(movies) movies, mean rating \(String(format: "%.2f", mean))"
    )
    if let first = batches.first {
      print("first batch: \(first)")
      print("first row: " + first.names.map { "\($0)=\(first.row(0)[$0]!)" }.joined(separator: " "))
    }

    // Cache epoch 0 in zstd shards, verify every checksum, read it back.
    let directory = shards ?? FileManager.default.temporaryDirectory
      .appendingPathComponent("reel-demo-shards-\(ProcessInfo.processInfo.processIdentifier)").path
    var options = ShardWriterOptions()
    options.overwrite = true
    options.fingerprint = "reel demo --ratings \(ratings) --seed \(seed) --batch-size \(batchSize) (epoch 0)"
    let manifest = try Datasets.from(batches).writeShards(to: directory, options: options)
    let report = ShardVerifier.verify(directory: directory)
    let stored = try ShardDataset(directory: directory)
    let readBack = try FeatureBatch.concatenate(try stored.collect())
    print("shards: wrote \(manifest.rows) rows to \(directory) (\(manifest.bytes) bytes on disk, \(stored.uncompressedBytes) uncompressed); verify: \(report.isValid ? "all checksums ok" : report.problems.joined(separator: "; ")); read back \(readBack == all ? "identical" : "DIFFERENT")")
    guard report.isValid, readBack == all else { throw ExitCode.failure }

    // Exact resume: stop after two batches, save the position, restore it, compare.
    var partial = ds.makeIterator(epoch: 1)
    var epoch1: [FeatureBatch] = []
    for _ in 0..<2 { if let b = try partial.next() { epoch1.append(b) } }
    let saved = try partial.saveState()
    var resumed = try ds.makeIterator(restoringFrom: saved)
    while let b = try resumed.next() { epoch1.append(b) }
    let reference = try ds.collect(epoch: 1)
    print(
      "resume: saved after 2 batches of epoch 1 (\(saved.count) bytes of JSON); restored run \(epoch1 == reference ? "matches" : "DIFFERS FROM") the uninterrupted run"
    )
    let same = try FeatureBatch.concatenate(reference).int32("user") == all.int32("user")
    print("epoch 1 order differs from epoch 0: \(!same)")
    guard epoch1 == reference else { throw ExitCode.failure }
    if trainEpochs > 0 { try trainRetrieval(shardsNextTo: directory) }
  }
}
