import Foundation

/// Parsers of the small MovieLens tables: movies, users, tags, links. Each names the file,
/// line and reason of a malformed line; with ``BadLinePolicy/skip`` such lines are skipped and
/// reported instead.
public struct MovieLensTableParser: Sendable {
  public var release: MovieLensRelease
  public var onBadLine: BadLinePolicy
  /// Lines skipped so far under ``BadLinePolicy/skip``.
  public private(set) var skipped: [SkippedLine] = []

  public init(release: MovieLensRelease, onBadLine: BadLinePolicy = .fail) {
    self.release = release
    self.onBadLine = onBadLine
  }

  /// ml-100k's genre names in flag order (u.genre).
  public static let ml100kGenres = [
    "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
    "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller",
    "War", "Western",
  ]

  /// ml-1m's occupation codes 0–20 as text (the README's list).
  public static let ml1mOccupations = [
    "other", "academic/educator", "artist", "clerical/admin", "college/grad student",
    "customer service", "doctor/health care", "executive/managerial", "farmer", "homemaker",
    "K-12 student", "lawyer", "programmer", "retired", "sales/marketing", "scientist",
    "self-employed", "technician/engineer", "tradesman/craftsman", "unemployed", "writer",
  ]

  mutating func reject(_ file: String, _ line: Int, _ reason: String) throws {
    switch onBadLine {
    case .fail: throw MovieLensError.badLine(file: file, line: line, reason: reason)
    case .skip: skipped.append(SkippedLine(file: file, line: line, reason: reason))
    }
  }

  /// Splits a line of this release's format; a CSV header line (line 1) yields nil.
  mutating func fields(_ line: UnsafeBufferPointer<UInt8>, _ number: Int, _ file: String, separator: [UInt8], header: String?) throws -> [String]? {
    if release.format == .csv {
      if number == 1, let header {
        if String(decoding: line, as: UTF8.self) != header {
          try reject(file, 1, "expected the header \(header)")
        }
        return nil
      }
      switch TextFields.splitCSV(line) {
      case .success(let fields): return fields
      case .failure(let error):
        try reject(file, number, "\(error)")
        return nil
      }
    }
    guard let fields = TextFields.split(line, separator: separator, latin1: release.isLatin1) else {
      try reject(file, number, "invalid UTF-8")
      return nil
    }
    return fields
  }

  // MARK: - Movies

  /// Parses ml-100k's u.genre (`name|index`, indices 0, 1, 2, … in order): the genre names in
  /// flag order.
  public mutating func genres(_ bytes: [UInt8], file: String) throws -> [String] {
    var names: [String] = []
    try forEachLine(bytes) { line, number in
      guard let f = try fields(line, number, file, separator: [UInt8(ascii: "|")], header: nil) else { return }
      guard f.count == 2, let index = Int(f[1]) else { return try reject(file, number, "expected name|index") }
      guard index == names.count else {
        return try reject(file, number, "genre index \(index) out of order (expected \(names.count))")
      }
      names.append(f[0])
    }
    return names
  }

  /// Parses ml-100k's u.occupation: one occupation name per line.
  public mutating func occupations(_ bytes: [UInt8], file: String) throws -> [String] {
    var names: [String] = []
    try forEachLine(bytes) { line, number in
      guard let f = try fields(line, number, file, separator: [UInt8(ascii: "|")], header: nil) else { return }
      guard f.count == 1, !f[0].isEmpty else { return try reject(file, number, "expected one occupation name") }
      names.append(f[0])
    }
    return names
  }

  /// Parses the release's movies file (u.item, movies.dat or movies.csv). For ml-100k the 19
  /// genre flags are named by `genreNames` (u.genre), or by ``ml100kGenres`` when absent.
  public mutating func movies(_ bytes: [UInt8], file: String, genreNames: [String]? = nil) throws -> [MovieLensMovie] {
    let flagNames = genreNames ?? Self.ml100kGenres
    var movies: [MovieLensMovie] = []
    let separator: [UInt8] = release == .ml100k ? [UInt8(ascii: "|")] : Array("::".utf8)
    try forEachLine(bytes) { line, number in
      guard var f = try fields(line, number, file, separator: separator, header: "movieId,title,genres") else { return }
      if release == .ml100k {
        guard f.count == 5 + flagNames.count else {
          return try reject(file, number, "expected \(5 + flagNames.count) fields, found \(f.count)")
        }
        guard let id = Int32(f[0]), id > 0 else { return try reject(file, number, "movie id '\(f[0])' is not a positive integer") }
        var genres: [String] = []
        for (k, flag) in f[5...].enumerated() {
          switch flag {
          case "1": genres.append(flagNames[k])
          case "0": break
          default: return try reject(file, number, "genre flag \(k + 1) is '\(flag)', not 0 or 1")
          }
        }
        movies.append(MovieLensMovie(id: id, title: f[1], genres: genres, releaseDate: f[2], imdbURL: f[4]))
        return
      }
      if release.format == .doubleColon && f.count > 3 {
        // A title containing "::": keep the first and last separators as field bounds.
        f = [f[0], f[1..<(f.count - 1)].joined(separator: "::"), f[f.count - 1]]
      }
      guard f.count == 3 else { return try reject(file, number, "expected 3 fields, found \(f.count)") }
      guard let id = Int32(f[0]), id > 0 else { return try reject(file, number, "movie id '\(f[0])' is not a positive integer") }
      movies.append(MovieLensMovie(id: id, title: f[1], genres: f[2].isEmpty ? [] : f[2].split(separator: "|").map(String.init)))
    }
    return movies
  }

  // MARK: - Users

  /// Parses ml-100k's u.user or ml-1m's users.dat.
  public mutating func users(_ bytes: [UInt8], file: String) throws -> [MovieLensUser] {
    var users: [MovieLensUser] = []
    let separator: [UInt8] = release == .ml100k ? [UInt8(ascii: "|")] : Array("::".utf8)
    try forEachLine(bytes) { line, number in
      guard let f = try fields(line, number, file, separator: separator, header: nil) else { return }
      guard f.count == 5 else { return try reject(file, number, "expected 5 fields, found \(f.count)") }
      guard let id = Int32(f[0]), id > 0 else { return try reject(file, number, "user id '\(f[0])' is not a positive integer") }
      if release == .ml100k {
        guard let age = Int(f[1]), (1...120).contains(age) else { return try reject(file, number, "age '\(f[1])' is not a plausible age") }
        guard f[2] == "M" || f[2] == "F" else { return try reject(file, number, "gender '\(f[2])' is not M or F") }
        users.append(MovieLensUser(id: id, gender: f[2], age: age, occupation: f[3], zipCode: f[4]))
      } else {
        guard f[1] == "M" || f[1] == "F" else { return try reject(file, number, "gender '\(f[1])' is not M or F") }
        guard let age = Int(f[2]), [1, 18, 25, 35, 45, 50, 56].contains(age) else {
          return try reject(file, number, "age code '\(f[2])' is not one of 1, 18, 25, 35, 45, 50, 56")
        }
        guard let code = Int(f[3]), Self.ml1mOccupations.indices.contains(code) else {
          return try reject(file, number, "occupation code '\(f[3])' is not 0–20")
        }
        users.append(MovieLensUser(id: id, gender: f[1], age: age, occupation: Self.ml1mOccupations[code], zipCode: f[4]))
      }
    }
    return users
  }

  // MARK: - Tags and links

  /// One tag a user put on a movie.
  public struct Tag: Hashable, Sendable {
    public var user: Int32
    public var movie: Int32
    public var tag: String
    public var timestamp: Int64
  }

  /// Parses tags.dat (ml-10m) or tags.csv.
  public mutating func tags(_ bytes: [UInt8], file: String) throws -> [Tag] {
    var tags: [Tag] = []
    try forEachLine(bytes) { line, number in
      guard var f = try fields(line, number, file, separator: Array("::".utf8), header: "userId,movieId,tag,timestamp") else { return }
      if release.format == .doubleColon && f.count > 4 {
        f = [f[0], f[1], f[2..<(f.count - 1)].joined(separator: "::"), f[f.count - 1]]
      }
      guard f.count == 4 else { return try reject(file, number, "expected 4 fields, found \(f.count)") }
      guard let user = Int32(f[0]), let movie = Int32(f[1]), let time = Int64(f[3]) else {
        return try reject(file, number, "user, movie and timestamp must be integers")
      }
      tags.append(Tag(user: user, movie: movie, tag: f[2], timestamp: time))
    }
    return tags
  }

  /// One row of links.csv: the movie's IMDb id (zero-padded text) and TMDB id (may be absent).
  public struct Link: Hashable, Sendable {
    public var movie: Int32
    public var imdbId: String
    public var tmdbId: Int?
  }

  /// Parses links.csv.
  public mutating func links(_ bytes: [UInt8], file: String) throws -> [Link] {
    var links: [Link] = []
    try forEachLine(bytes) { line, number in
      guard let f = try fields(line, number, file, separator: [0x2C], header: "movieId,imdbId,tmdbId") else { return }
      guard f.count == 3 else { return try reject(file, number, "expected 3 fields, found \(f.count)") }
      guard let movie = Int32(f[0]), !f[1].isEmpty, f[1].allSatisfy(\.isNumber) else {
        return try reject(file, number, "movieId and imdbId must be integers")
      }
      guard f[2].isEmpty || Int(f[2]) != nil else { return try reject(file, number, "tmdbId '\(f[2])' is not an integer") }
      links.append(Link(movie: movie, imdbId: f[1], tmdbId: Int(f[2])))
    }
    return links
  }
}
