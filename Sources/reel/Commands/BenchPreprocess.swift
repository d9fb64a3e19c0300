import ArgumentParser
import Foundation
import Reel

/// `reel bench preprocess PATH`: Keras-compatible preprocessing layers over MovieLens columns.
struct BenchPreprocess: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "preprocess",
    abstract: "Adapt and apply StringLookup (user ids) and TextVectorization (movie titles) over a MovieLens release's ratings.")

  @Argument(help: "A MovieLens release folder or .zip.") var path: String
  @Option(help: "Use at most this many ratings (0: all).") var rows = 0
  @Option(help: "Rows per batch.") var batchSize = 65_536
  @Option(help: "Runs; the best is reported.") var repeats = 3
  @Flag(help: "Print one JSON object instead of text.") var json = false

  func run() throws {
    let batches = try loadColumns()
    let total = batches.reduce(0) { $0 + $1.rowCount }
    let data = Datasets.from(batches)
    var figures: [String: Any] = ["rows": total, "batch_size": batchSize]

    var lookup = try StringLookup()
    figures["string_lookup_adapt_seconds"] = try best { try lookup.adapt(data, column: "user_id") }
    let partitions = (0..<2).map { data.shard(count: 2, index: $0) }
    var parallel = try StringLookup()
    figures["string_lookup_adapt_2_threads_seconds"] = try best { try parallel.adapt(partitions: partitions, column: "user_id") }
    guard parallel == lookup else { throw ValidationError("parallel adapt differs from the single pass") }
    var checksum: Int64 = 0
    figures["string_lookup_apply_seconds"] = try best {
      checksum = try data.preprocess("user_id", with: lookup, as: "user_index").reduce(Int64(0)) { sum, batch in
        try batch.int64("user_index").reduce(sum, &+)
      }
    }
    let compiledLookup = try lookup.columnTransform()
    figures["string_lookup_apply_2_threads_seconds"] = try best {
      let sum = try data.map(parallelism: 2, chunkSize: 1) { batch in
        try compiledLookup.apply(to: batch, inputs: ["user_id"], output: "user_index")
      }.reduce(Int64(0)) { sum, batch in try batch.int64("user_index").reduce(sum, &+) }
      guard sum == checksum else { throw ValidationError("parallel apply differs") }
    }
    figures["string_lookup_vocabulary_size"] = lookup.vocabularySize
    figures["string_lookup_checksum"] = checksum

    var text = try TextVectorization()
    figures["text_vectorization_adapt_seconds"] = try best { try text.adapt(data, column: "movie_title") }
    var textParallel = try TextVectorization()
    figures["text_vectorization_adapt_2_threads_seconds"] = try best {
      try textParallel.adapt(partitions: partitions, column: "movie_title")
    }
    guard textParallel == text else { throw ValidationError("parallel TextVectorization adapt differs from the single pass") }
    var textChecksum: Int64 = 0
    figures["text_vectorization_apply_seconds"] = try best {
      textChecksum = try data.preprocess("movie_title", with: text, as: "tokens").reduce(Int64(0)) { sum, batch in
        (batch["tokens"]?.int64Values ?? []).reduce(sum, &+)
      }
    }
    let compiled = try text.columnTransform()
    figures["text_vectorization_apply_2_threads_seconds"] = try best {
      let sum = try data.map(parallelism: 2, chunkSize: 1) { batch in
        try compiled.apply(to: batch, inputs: ["movie_title"], output: "tokens")
      }.reduce(Int64(0)) { sum, batch in (batch["tokens"]?.int64Values ?? []).reduce(sum, &+) }
      guard sum == textChecksum else { throw ValidationError("parallel apply differs") }
    }
    figures["text_vectorization_vocabulary_size"] = text.vocabularySize
    figures["text_vectorization_checksum"] = textChecksum
    print(try report(figures))
  }

  /// The user id and title columns of the ratings, in batches (not timed).
  func loadColumns() throws -> [FeatureBatch] {
    let source = try MovieLensSource(path: path)
    let features = try MovieLensFeatures(source: source)
    var ratings = MovieLensRatings()
    var iterator = source.ratings().makeIterator()
    while let chunk = try iterator.next(), rows == 0 || ratings.count < rows { ratings.append(chunk) }
    let count = rows == 0 ? ratings.count : min(rows, ratings.count)
    return try stride(from: 0, to: count, by: batchSize).map { lo in
      try features.ratings(ratings, rows: lo..<min(count, lo + batchSize)).selecting(["user_id", "movie_title"])
    }
  }

  /// The best wall time of `repeats` runs of `body`, in seconds.
  func best(_ body: () throws -> Void) throws -> Double {
    var best = Double.infinity
    for _ in 0..<max(1, repeats) {
      let start = ContinuousClock.now
      try body()
      let elapsed = ContinuousClock.now - start
      best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
    }
    return best
  }

  func report(_ figures: [String: Any]) throws -> String {
    if json {
      return String(decoding: try JSONSerialization.data(withJSONObject: figures, options: [.sortedKeys]), as: UTF8.self)
    }
    let rows = Double(figures["rows"] as? Int ?? 0)
    return figures.keys.sorted().map { key in
      let value = figures[key]!
      if key.hasSuffix("_seconds"), let seconds = value as? Double {
        return "\(key): \(String(format: "%.3f", seconds)) s (\(String(format: "%.1f", rows / seconds / 1e6))M rows/s)"
      }
      return "\(key): \(value)"
    }.joined(separator: "\n")
  }
}
