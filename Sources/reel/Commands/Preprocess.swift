import ArgumentParser
import Foundation
import Reel

#if canImport(Glibc)
  import Glibc
#endif

/// `reel preprocess`: turn downloaded datasets into shard datasets.
struct Preprocess: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Turn a downloaded dataset into train/test shard datasets.", subcommands: [PreprocessMovieLens.self])
}

/// `reel preprocess movielens PATH --out DIR`.
struct PreprocessMovieLens: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "movielens",
    abstract: "Parse a MovieLens release (folder or .zip), join TFDS features, split, and write train/test shards.")

  @Argument(help: "The release folder or its .zip.") var path: String
  @Option(help: "Output directory (gets train/, test/ and movies/ shard datasets).") var out: String
  @Option(help: "Release (auto: detected from the files): 100k, 1m, 10m, 20m, 25m, 32m, latest, latest-small.")
  var release = "auto"
  @Option(help: "random:F, temporal:F, temporal-per-user:F or release:u1…u5/ua/ub (100k).")
  var split = "random:0.8"
  @Option(help: "Seed of the random split.") var seed: UInt64 = 42
  @Option(help: "Examples: ratings (one row per rating, split by --split), sequential (next-movie examples of the sequential tutorial, split by --train-fraction) or listwise (lists of the listwise tutorial, from the --split train part).")
  var examples = "ratings"
  @Option(help: "sequential: context length.") var maxContextLength = 10
  @Option(help: "sequential: shortest user timeline kept.") var minTimelineLength = 3
  @Option(help: "sequential: lowest rating kept.") var minRating: Float = 2
  @Option(help: "sequential: share of examples in train.") var trainFraction = 0.9
  @Option(help: "listwise: lists per user.") var numListsPerUser = 50
  @Option(help: "listwise: movies per list.") var listSize = 5
  @Option(help: "fail (default) or skip malformed lines.") var onError: BadLinePolicy = .fail
  @Flag(help: "Replace existing output datasets.") var overwrite = false
  @Flag(help: "Print one JSON summary object.") var json = false

  func validate() throws {
    guard MovieLensSplit(split, seed: seed) != nil else { throw ValidationError("bad --split '\(split)'") }
    guard release == "auto" || MovieLensRelease(rawValue: release) != nil else { throw ValidationError("unknown --release '\(release)'") }
    guard ["ratings", "sequential", "listwise"].contains(examples) else {
      throw ValidationError("--examples must be ratings, sequential or listwise")
    }
  }

  func run() throws {
    let start = Date()
    let progress = Progress(enabled: !json)
    let source = try MovieLensSource(path: path, release: release == "auto" ? nil : MovieLensRelease(rawValue: release))
    progress.say("\(source.release) at \(path)")
    let features = try MovieLensFeatures(source: source, onBadLine: onError)

    var ratings = MovieLensRatings()
    var skipped: [SkippedLine] = []
    var iterator = source.ratings(onBadLine: onError).makeIterator()
    while let chunk = try iterator.next() {
      ratings.append(chunk)
      skipped += chunk.skipped
      progress.update("parsed \(ratings.count) ratings", rows: ratings.count, since: start)
    }
    progress.finish("parsed \(ratings.count) ratings")
    let isTrain = try MovieLensSplit(split, seed: seed)!.assign(ratings, source: source)
    if examples != "ratings" {
      return try writeExamples(source: source, features: features, ratings: ratings, isTrain: isTrain, skipped: skipped, start: start, progress: progress)
    }

    var options = ShardWriterOptions()
    options.overwrite = overwrite
    options.fingerprint = "reel preprocess movielens \(path) --split \(split) --seed \(seed) (\(source.release))"
    options.metadata = ["release": .string(source.release.rawValue), "split": .string(split)]
    let train = try ShardWriter(directory: (out as NSString).appendingPathComponent("train"), options: options)
    let test = try ShardWriter(directory: (out as NSString).appendingPathComponent("test"), options: options)
    let block = 65_536
    var adapter = TrainAdapter()
    for lo in stride(from: 0, to: ratings.count, by: block) {
      let rows = lo..<min(ratings.count, lo + block)
      let batch = try features.ratings(ratings, rows: rows)
      let trainRows = rows.filter { isTrain[$0] }.map { $0 - lo }
      let testRows = rows.filter { !isTrain[$0] }.map { $0 - lo }
      if !trainRows.isEmpty {
        let trainBatch = batch.gather(trainRows)
        try train.write(trainBatch)
        try adapter.add(trainBatch)
      }
      if !testRows.isEmpty { try test.write(batch.gather(testRows)) }
      progress.update("wrote \(rows.upperBound) of \(ratings.count) rows", rows: rows.upperBound, since: start)
    }
    let preprocessing = try adapter.preprocessor(movies: features.moviesBatch).attached(to: [:])
    let trainManifest = try train.finish(metadata: preprocessing)
    let testManifest = try test.finish(metadata: preprocessing)
    options.metadata.merge(preprocessing) { _, new in new }
    try Datasets.single(features.moviesBatch).writeShards(to: (out as NSString).appendingPathComponent("movies"), options: options)
    progress.finish("wrote train (\(trainManifest.rows) rows) and test (\(testManifest.rows) rows)")

    let seconds = Date().timeIntervalSince(start)
    let users = Set(ratings.user).count
    let movies = Set(ratings.movie).count
    let bytes = trainManifest.bytes + testManifest.bytes
    if json {
      let object: [String: Any] = [
        "rows": ratings.count, "users": users, "movies": movies, "skipped": skipped.count, "bytes": bytes,
        "seconds": seconds, "train_rows": trainManifest.rows, "test_rows": testManifest.rows,
        "release": source.release.rawValue,
      ]
      print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
    } else {
      print("\(source.release): \(ratings.count) ratings, \(users) users, \(movies) movies, \(skipped.count) skipped lines")
      for line in skipped.prefix(5) { print("  skipped \(line)") }
      print("split \(split): train \(trainManifest.rows) rows, test \(testManifest.rows) rows → \(out) (\(bytes) bytes) in \(String(format: "%.2f", seconds)) s")
    }
  }
}

extension PreprocessMovieLens {
  /// `--examples sequential|listwise`: the tutorials' example generators, written as shards.
  func writeExamples(
    source: MovieLensSource, features: MovieLensFeatures, ratings: MovieLensRatings, isTrain: [Bool],
    skipped: [SkippedLine], start: Date, progress: Progress
  ) throws {
    let movies = Dictionary(try source.movies(onBadLine: onError).map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
    var options = ShardWriterOptions()
    options.overwrite = overwrite
    options.fingerprint = "reel preprocess movielens \(path) --examples \(examples) --seed \(seed) (\(source.release))"
    options.metadata = ["release": .string(source.release.rawValue), "examples": .string(examples)]
    var outputs: [(String, FeatureBatch)]
    if examples == "sequential" {
      let generated = try SequentialExamples(
        ratings: ratings, movies: movies,
        configuration: .init(
          seed: seed, maxContextLength: maxContextLength, minTimelineLength: minTimelineLength,
          minRating: minRating, trainFraction: trainFraction))
      outputs = [("train", generated.train), ("test", generated.test)]
    } else {
      func part(_ keep: Bool) -> MovieLensRatings {
        let rows = isTrain.indices.filter { isTrain[$0] == keep }
        return MovieLensRatings(
          user: rows.map { ratings.user[$0] }, movie: rows.map { ratings.movie[$0] },
          rating: rows.map { ratings.rating[$0] }, timestamp: rows.map { ratings.timestamp[$0] })
      }
      let configuration = ListwiseExamples.Configuration(numListsPerUser: numListsPerUser, listSize: listSize, seed: seed)
      outputs = [
        ("train", try ListwiseExamples(ratings: part(true), movies: movies, configuration: configuration).batch),
        ("test", try ListwiseExamples(ratings: part(false), movies: movies, configuration: configuration).batch),
      ]
    }
    var rows: [String: Int] = [:]
    var bytes = 0
    for (name, batch) in outputs {
      let manifest = try Datasets.single(batch).writeShards(to: (out as NSString).appendingPathComponent(name), options: options)
      rows[name] = manifest.rows
      bytes += manifest.bytes
    }
    try Datasets.single(features.moviesBatch).writeShards(to: (out as NSString).appendingPathComponent("movies"), options: options)
    progress.finish("wrote \(examples) examples: train \(rows["train"] ?? 0), test \(rows["test"] ?? 0)")
    let seconds = Date().timeIntervalSince(start)
    let users = Set(ratings.user).count
    let movieCount = Set(ratings.movie).count
    if json {
      let object: [String: Any] = [
        "rows": ratings.count, "users": users, "movies": movieCount, "skipped": skipped.count, "bytes": bytes,
        "seconds": seconds, "train_rows": rows["train"] ?? 0, "test_rows": rows["test"] ?? 0,
        "release": source.release.rawValue, "examples": examples,
      ]
      print(String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self))
    } else {
      print("\(source.release): \(ratings.count) ratings, \(users) users, \(movieCount) movies, \(skipped.count) skipped lines")
      print("\(examples) examples: train \(rows["train"] ?? 0), test \(rows["test"] ?? 0) → \(out) (\(bytes) bytes) in \(String(format: "%.2f", seconds)) s")
    }
  }
}

extension BadLinePolicy: ExpressibleByArgument {}

/// Adapts the TFRS tutorials' preprocessing layers over the training rows as they are
/// written, so every output dataset's manifest carries the same adapted state (Keras adapts
/// on the training data only).
struct TrainAdapter {
  var users = StringLookup.Counts()
  var movies = StringLookup.Counts()
  var timestamps = Normalization(features: 1)
  var firstTimestamp = Int64.max
  var lastTimestamp = Int64.min

  mutating func add(_ batch: FeatureBatch) throws {
    users.merge(try StringLookup.counts(Datasets.single(batch), column: "user_id", layer: "StringLookup"))
    movies.merge(try StringLookup.counts(Datasets.single(batch), column: "movie_id", layer: "StringLookup"))
    var part = Normalization(features: 1)
    try part.adapt(Datasets.single(batch), column: "timestamp")
    try timestamps.merge(part)
    for t in try batch.int64("timestamp") {
      firstTimestamp = min(firstTimestamp, t)
      lastTimestamp = max(lastTimestamp, t)
    }
  }

  /// The featurization tutorial's layers: `user_id` → `user_index` and `movie_id` →
  /// `movie_index` lookups (Keras defaults: no mask, one OOV slot at index 0), `timestamp` →
  /// `timestamp_normalized` (Normalization, axis None) and `timestamp_bucket`
  /// (Discretization over 1,000 evenly spaced boundaries from the first to the last train
  /// timestamp), `movie_title` → `movie_title_tokens` (TextVectorization, 10,000 tokens,
  /// adapted on the movies' titles).
  func preprocessor(movies moviesBatch: FeatureBatch) throws -> Preprocessor {
    var pre = Preprocessor()
    guard !users.counts.isEmpty else { return pre }
    var userLookup = try StringLookup()
    var movieLookup = try StringLookup()
    try userLookup.finalize(users)
    try movieLookup.finalize(movies)
    pre.append(.stringLookup(userLookup), input: "user_id", output: "user_index")
    pre.append(.stringLookup(movieLookup), input: "movie_id", output: "movie_index")
    pre.append(.normalization(timestamps), input: "timestamp", output: "timestamp_normalized")
    let lo = Double(firstTimestamp)
    let step = (Double(lastTimestamp) - lo) / 999
    let boundaries = (0..<1000).map { Float(lo + Double($0) * step) }
    pre.append(.discretization(try Discretization(binBoundaries: boundaries)), input: "timestamp", output: "timestamp_bucket")
    var titles = try TextVectorization(maxTokens: 10_000)
    try titles.adapt(Datasets.single(moviesBatch), column: "movie_title")
    pre.append(.textVectorization(titles), input: "movie_title", output: "movie_title_tokens")
    return pre
  }
}

/// Progress on standard error: a rewritten line on a terminal, plain lines every few seconds
/// otherwise.
final class Progress {
  let enabled: Bool
  let terminal = isatty(2) != 0
  var lastPrint = Date.distantPast

  init(enabled: Bool) { self.enabled = enabled }

  func say(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }

  func update(_ text: String, rows: Int, since start: Date) {
    guard enabled, Date().timeIntervalSince(lastPrint) > (terminal ? 0.2 : 5) else { return }
    lastPrint = Date()
    let rate = Double(rows) / max(1e-9, Date().timeIntervalSince(start)) / 1e6
    let line = "\(text) (\(String(format: "%.1f", rate))M rows/s)"
    FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[K" + line : line + "\n").utf8))
  }

  func finish(_ text: String) {
    guard enabled else { return }
    FileHandle.standardError.write(Data(((terminal ? "\r\u{1B}[K" : "") + text + "\n").utf8))
  }
}
