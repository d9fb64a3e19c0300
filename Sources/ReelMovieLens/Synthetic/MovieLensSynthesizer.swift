import Foundation
import ReelPipeline

/// Writes synthetic MovieLens releases: the same files, names, separators, encodings,
/// headers, value ranges and title/genre/date shapes as the real downloads, filled with
/// invented movies and users whose ratings carry planted structure (latent user and movie
/// factors, Zipf-like popularity, taste drift over time, and optionally a time effect shared
/// by all users: recent releases are rated most). No MovieLens data is used.
///
/// Everything is a pure function of the configuration: the same seed gives the same bytes.
///
///     let config = MovieLensSynthesizer.Configuration.defaults(for: .ml100k, seed: 42)
///     let synth = try MovieLensSynthesizer(config)
///     let files = try synth.write(to: URL(fileURLWithPath: "/tmp/out"))
///     // /tmp/out/ml-100k/u.data, u.item, u.user, u.genre, ..., ua.base, ub.test
///     let zip = try synth.writeZip(to: URL(fileURLWithPath: "/tmp/out"))   // ml-100k.zip
public struct MovieLensSynthesizer: Sendable {
  /// What to generate.
  public struct Configuration: Sendable, Hashable {
    /// The release whose layout is written.
    public var release: MovieLensRelease
    /// Number of users.
    public var users: Int
    /// Number of movies in the catalog.
    public var movies: Int
    /// Number of ratings (exact).
    public var ratings: Int
    /// The seed all randomness derives from.
    public var seed: UInt64
    /// Whether ml-100k's u1..u5 and ua/ub split files are written (they are 7x u.data).
    public var includeSplits = true
    /// Dimension of the latent user and movie factors (1...8).
    public var factorDimension = 8
    /// The opt-in time effect shared by all users (nil, the default, leaves it out): 40% of
    /// the movies are released during the rating period, no rating precedes its movie's
    /// release, and half of the ratings go to movies released recently, with a weight that
    /// decays as `exp(−age / timeScaleDays)`. See Docs/SyntheticMovieLens.md.
    public var timeScaleDays: Double?

    /// A configuration; see ``defaults(for:seed:)`` for the real scales.
    public init(release: MovieLensRelease, users: Int, movies: Int, ratings: Int, seed: UInt64) {
      self.release = release
      self.users = users
      self.movies = movies
      self.ratings = ratings
      self.seed = seed
    }

    /// The real scale for ml-100k (943/1682/100,000) and ml-latest-small
    /// (610/9742/100,836); a small scale for the larger releases.
    public static func defaults(for release: MovieLensRelease, seed: UInt64) -> Configuration {
      switch release {
      case .ml100k:
        return Configuration(
          release: release, users: 943, movies: 1682, ratings: 100_000, seed: seed)
      case .latestSmall:
        return Configuration(
          release: release, users: 610, movies: 9742, ratings: 100_836, seed: seed)
      case .ml1m:
        return Configuration(
          release: release, users: 1_000, movies: 1_500, ratings: 100_000, seed: seed)
      default:
        return Configuration(
          release: release, users: 1_000, movies: 3_000, ratings: 100_000, seed: seed)
      }
    }

    /// Checks that the numbers fit the release: enough ratings for every user's minimum
    /// (20, or 1 for ml-latest) and no more than 60% of the catalog per user.
    ///
    /// - Throws: ``MovieLensSynthesisError/invalidConfiguration(_:)``.
    public func validate() throws {
      func fail(_ why: String) -> MovieLensSynthesisError { .invalidConfiguration(why) }
      let minimum = SyntheticProfile(release).minRatingsPerUser
      guard users >= 1 else { throw fail("--users must be at least 1 (got \(users))") }
      guard movies >= max(2, minimum) else {
        throw fail("--movies must be at least \(max(2, minimum)) for \(release) (got \(movies))")
      }
      if let days = timeScaleDays {
        guard days.isFinite && days >= 0.1 && days <= 3_650 else {
          throw fail("the time-effect scale must be 0.1...3650 days (got \(days))")
        }
      }
      guard factorDimension >= 1 && factorDimension <= 8 else {
        throw fail("factor dimension must be in 1...8 (got \(factorDimension))")
      }
      guard ratings >= users * minimum else {
        throw fail("\(release) needs at least \(minimum) ratings per user: "
          + "--ratings must be at least \(users * minimum) for \(users) users (got \(ratings))")
      }
      let cap = SyntheticPopulation.cap(movies: movies, minimum: minimum)
      guard ratings <= users * cap else {
        throw fail("at most \(cap) ratings per user fit \(movies) movies: --ratings must be at "
          + "most \(users * cap) for \(users) users (got \(ratings))")
      }
    }
  }

  /// A file the synthesizer wrote: its path below the output folder, size and line count.
  public struct WrittenFile: Sendable, Hashable, CustomStringConvertible {
    /// Path relative to the output directory, e.g. `ml-100k/u.data`.
    public var path: String
    public var bytes: Int
    /// Number of LF bytes (for data files, the rows plus any header).
    public var lines: Int

    public var description: String { "\(path): \(bytes) bytes, \(lines) lines" }
  }

  /// One generated rating, with the ids the files use.
  public struct Rating: Sendable, Hashable {
    public var user: Int
    public var movie: Int
    /// Stars times two: `7` is 3.5 stars (whole-star releases use even values only).
    public var halfStars: Int
    public var timestamp: Int64
  }

  /// The configuration.
  public let configuration: Configuration
  let profile: SyntheticProfile
  let catalog: SyntheticCatalog
  let population: SyntheticPopulation
  let model: SyntheticRatingModel

  /// Builds the catalog and users (cheap); ratings are generated while writing.
  ///
  /// - Throws: ``MovieLensSynthesisError/invalidConfiguration(_:)``.
  public init(_ configuration: Configuration) throws {
    try configuration.validate()
    self.configuration = configuration
    profile = SyntheticProfile(configuration.release)
    catalog = SyntheticCatalog(
      profile: profile, movies: configuration.movies, dimension: configuration.factorDimension,
      seed: configuration.seed, timeScaleDays: configuration.timeScaleDays)
    population = SyntheticPopulation(
      profile: profile, users: configuration.users, movies: configuration.movies,
      ratings: configuration.ratings, seed: configuration.seed)
    model = SyntheticRatingModel(profile: profile, catalog: catalog, seed: configuration.seed)
  }

  /// The ratings of user number `index` (0-based), in time order.
  ///
  ///     synth.ratings(ofUser: 0).count   // at least 20
  public func ratings(ofUser index: Int) -> [Rating] {
    var scratch = model.makeScratch()
    let block = model.block(user: index, count: population.counts[index], scratch: &scratch)
    let user = population.users[index].id
    return block.movies.indices.map {
      Rating(
        user: user, movie: catalog.movies[Int(block.movies[$0])].id,
        halfStars: Int(block.halfStars[$0]), timestamp: block.timestamps[$0])
    }
  }

  /// Writes the release into `directory/<release.topFolder>/`, creating the folders.
  ///
  /// - Returns: The files written, in writing order.
  /// - Throws: ``MovieLensError/io(path:reason:)`` when a file cannot be written.
  @discardableResult
  public func write(to directory: URL) throws -> [WrittenFile] {
    let folder = directory.appendingPathComponent(configuration.release.topFolder)
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw MovieLensError.io(path: folder.path, reason: "cannot create the folder: \(error)")
    }
    switch configuration.release.format {
    case .tabAndPipe: return try write100k(folder: folder)
    case .doubleColon: return try writeDat(folder: folder)
    case .csv: return try writeCSV(folder: folder)
    }
  }

  // MARK: - Parallel generation

  /// Generates every user's block on all cores, formats it with `format` (in parallel),
  /// and hands the formatted ratings and tag bytes to `emit` in user order.
  func streamUsers(
    format: @escaping @Sendable (Int, SyntheticUserBlock, inout TextBuffer, inout TextBuffer)
      -> Void,
    emit: ([UInt8], [UInt8]) throws -> Void
  ) throws {
    let users = configuration.users
    let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    let piece = 64
    let batch = piece * workers * 32
    var first = 0
    while first < users {
      let end = min(users, first + batch)
      let pieces = (end - first + piece - 1) / piece
      let slots = ParallelSlots<([UInt8], [UInt8])>(count: pieces, initial: ([], []))
      let start = first
      DispatchQueue.concurrentPerform(iterations: pieces) { p in
        var scratch = model.makeScratch()
        var ratings = TextBuffer(capacity: 1 << 16)
        var tags = TextBuffer()
        for u in (start + p * piece)..<min(end, start + (p + 1) * piece) {
          let block = model.block(user: u, count: population.counts[u], scratch: &scratch)
          format(u, block, &ratings, &tags)
        }
        slots[p] = (ratings.bytes, tags.bytes)
      }
      for p in 0..<pieces { try emit(slots[p].0, slots[p].1) }
      first = end
    }
  }

  /// Every user's block, generated on all cores (for ml-100k, whose rows are shuffled
  /// across users).
  func allBlocks() -> [SyntheticUserBlock] {
    let users = configuration.users
    let slots = ParallelSlots<SyntheticUserBlock>(count: users, initial: SyntheticUserBlock())
    let piece = 64
    DispatchQueue.concurrentPerform(iterations: (users + piece - 1) / piece) { p in
      var scratch = model.makeScratch()
      for u in (p * piece)..<min(users, (p + 1) * piece) {
        slots[u] = model.block(user: u, count: population.counts[u], scratch: &scratch)
      }
    }
    return (0..<users).map { slots[$0] }
  }
}

/// An invalid synthesizer request.
public enum MovieLensSynthesisError: Error, CustomStringConvertible, Equatable, Sendable {
  /// The users/movies/ratings do not fit the release's rules.
  case invalidConfiguration(String)

  public var description: String {
    switch self {
    case let .invalidConfiguration(why): return "invalid synthetic MovieLens request: \(why)"
    }
  }
}
