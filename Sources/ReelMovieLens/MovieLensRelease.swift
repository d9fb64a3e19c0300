/// A MovieLens release, with the file layout users download (Docs: ../shared/reference/movielens-formats.md).
///
///     let release = try MovieLensRelease.detect(fileNames: ["ml-1m/ratings.dat", "ml-1m/movies.dat", ...])
///     release.ratingsFile   // "ratings.dat"
public enum MovieLensRelease: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
  case ml100k = "100k"
  case ml1m = "1m"
  case ml10m = "10m"
  case ml20m = "20m"
  case ml25m = "25m"
  case ml32m = "32m"
  case latest = "latest"
  case latestSmall = "latest-small"

  public var description: String { "ml-\(rawValue)" }

  /// The folder at the top of the release's zip (`ml-10M100K` for ml-10m).
  public var topFolder: String {
    switch self {
    case .ml10m: return "ml-10M100K"
    default: return "ml-\(rawValue)"
    }
  }

  /// The on-disk text format family.
  public enum Format: String, Sendable {
    /// ml-100k: tab-separated `u.data`, `|`-separated `u.item`/`u.user`, latin-1, LF, no header.
    case tabAndPipe
    /// ml-1m and ml-10m: `::`-separated `.dat` files without header, LF.
    case doubleColon
    /// ml-20m and later: CSV with a header row, minimal quoting, UTF-8, CRLF.
    case csv
  }

  public var format: Format {
    switch self {
    case .ml100k: return .tabAndPipe
    case .ml1m, .ml10m: return .doubleColon
    default: return .csv
    }
  }

  /// Whether the text is latin-1 (ml-100k, ml-1m) rather than UTF-8.
  public var isLatin1: Bool { self == .ml100k || self == .ml1m }

  /// The ratings file name.
  public var ratingsFile: String {
    switch format {
    case .tabAndPipe: return "u.data"
    case .doubleColon: return "ratings.dat"
    case .csv: return "ratings.csv"
    }
  }

  /// The movies file name.
  public var moviesFile: String {
    switch format {
    case .tabAndPipe: return "u.item"
    case .doubleColon: return "movies.dat"
    case .csv: return "movies.csv"
    }
  }

  /// The users file, for releases that have demographics (100k, 1m).
  public var usersFile: String? {
    switch self {
    case .ml100k: return "u.user"
    case .ml1m: return "users.dat"
    default: return nil
    }
  }

  /// The tags file, for releases that have one.
  public var tagsFile: String? {
    switch self {
    case .ml100k, .ml1m: return nil
    case .ml10m: return "tags.dat"
    default: return "tags.csv"
    }
  }

  /// The links file (CSV releases).
  public var linksFile: String? { format == .csv ? "links.csv" : nil }

  /// Files every copy of the release must contain.
  public var requiredFiles: [String] { [ratingsFile, moviesFile] + (usersFile.map { [$0] } ?? []) }

  /// The separator between fields of the ratings file.
  public var ratingsSeparator: [UInt8] {
    switch format {
    case .tabAndPipe: return [0x09]
    case .doubleColon: return Array("::".utf8)
    case .csv: return [UInt8(ascii: ",")]
    }
  }

  /// Whether the CSV files start with a header row.
  public var hasHeader: Bool { format == .csv }

  /// Detects the release from the names of the files present (paths inside a folder or zip).
  ///
  /// - Throws: ``MovieLensError/unknownLayout(_:)`` when the files fit no release.
  public static func detect(fileNames: [String]) throws -> MovieLensRelease {
    let names = Set(fileNames.map { $0.split(separator: "/").last.map(String.init) ?? $0 })
    let folders = Set(fileNames.compactMap { $0.split(separator: "/").dropLast().last.map(String.init) })
    if names.contains("u.data") && names.contains("u.item") { return .ml100k }
    if names.contains("ratings.dat") {
      return names.contains("users.dat") ? .ml1m : .ml10m
    }
    if names.contains("ratings.csv") && names.contains("movies.csv") {
      for release in [MovieLensRelease.ml20m, .ml25m, .ml32m, .latestSmall, .latest] where folders.contains(release.topFolder) {
        return release
      }
      // Unknown folder name: genome files exist in 20m/25m/latest, not in 32m or latest-small.
      return names.contains("genome-scores.csv") ? .latest : .latestSmall
    }
    throw MovieLensError.unknownLayout(
      "no MovieLens ratings file among \(fileNames.prefix(12).joined(separator: ", "))")
  }
}
