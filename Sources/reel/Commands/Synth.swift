import ArgumentParser
import Foundation
import Reel

/// `reel synth`: synthetic copies of public dataset layouts.
struct Synth: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write synthetic datasets in the exact layout of public ones (no real data).",
    subcommands: [SynthMovieLens.self, SynthVectors.self])
}

/// `reel synth movielens`: a synthetic MovieLens release, byte-compatible with the real
/// layout, whose ratings have planted structure.
///
///     reel synth movielens --release 100k --seed 7 --out /tmp/ml --zip
struct SynthMovieLens: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "movielens",
    abstract: "Write a synthetic MovieLens release (same files and formats, invented data).",
    discussion: """
      Writes OUT/<top folder>/ (e.g. ml-100k/, ml-10M100K/) with the release's files. \
      Defaults: the real scale for 100k (943/1682/100000) and latest-small \
      (610/9742/100836); a small scale for the others.
      """)

  @Option(help: "Release: \(MovieLensRelease.allCases.map(\.rawValue).joined(separator: "|")).")
  var release: String
  @Option(help: "Users (default: per release).") var users: Int?
  @Option(help: "Movies (default: per release).") var movies: Int?
  @Option(help: "Ratings (default: per release).") var ratings: Int?
  @Option(help: "Seed; the same seed writes the same bytes.") var seed: UInt64
  @Option(help: "Output directory.") var out: String
  @Flag(help: "Also write OUT/ml-<release>.zip holding the top folder.") var zip = false
  @Flag(help: "ml-100k: skip the u1..u5/ua/ub split files.") var noSplits = false
  @Flag(help: "Add a time effect shared by all users: recent releases are rated most.")
  var timeEffect = false
  @Option(help: "With --time-effect: days over which a release's extra weight decays by e.")
  var timeScale: Double = 30

  func validate() throws {
    guard let parsed = MovieLensRelease(rawValue: release) else {
      throw ValidationError("unknown --release \(release); expected one of "
        + MovieLensRelease.allCases.map(\.rawValue).joined(separator: ", "))
    }
    do {
      try makeConfiguration(parsed).validate()
    } catch let error as MovieLensSynthesisError {
      throw ValidationError(error.description)
    }
  }

  func makeConfiguration(_ parsed: MovieLensRelease) -> MovieLensSynthesizer.Configuration {
    var config = MovieLensSynthesizer.Configuration.defaults(for: parsed, seed: seed)
    if let users { config.users = users }
    if let movies { config.movies = movies }
    if let ratings { config.ratings = ratings }
    config.includeSplits = !noSplits
    if timeEffect { config.timeScaleDays = timeScale }
    return config
  }

  func run() throws {
    guard let parsed = MovieLensRelease(rawValue: release) else { return }
    let config = makeConfiguration(parsed)
    let start = Date()
    let synth = try MovieLensSynthesizer(config)
    let outURL = URL(fileURLWithPath: out)
    var files = try synth.write(to: outURL)
    if zip { files.append(try synth.writeZip(to: outURL)) }
    for file in files { print("wrote \(out)/\(file.path): \(file.bytes) bytes") }
    let seconds = Date().timeIntervalSince(start)
    let rounded = (seconds * 100).rounded() / 100
    print("\(parsed) synthetic: \(config.users) users, \(config.movies) movies, "
      + "\(config.ratings) ratings, seed \(config.seed), \(rounded) s")
  }
}
