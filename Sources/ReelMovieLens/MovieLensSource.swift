import Foundation
import ReelPipeline
import ZIPFoundation

/// A MovieLens release as the user downloaded it: the extracted folder (or its parent), or the
/// `.zip` itself. The release is detected from the files present unless given.
///
///     let source = try MovieLensSource(path: "Downloads/ml-latest-small.zip")
///     source.release                                  // .latestSmall
///     let movies = try source.movies()
///     let ratings = source.ratings()                  // a Dataset of columnar chunks
///
/// A zip's entries are streamed into a private temporary folder (CRC-checked) when the source
/// is opened; the folder is removed when the source is released.
public final class MovieLensSource: @unchecked Sendable {
  /// The detected (or given) release.
  public let release: MovieLensRelease
  /// The path the source was opened from.
  public let location: String
  /// The folder that holds the release's files.
  public let directory: String
  private let temporary: String?

  /// Opens a folder or a `.zip`.
  ///
  /// - Throws: ``MovieLensError/unknownLayout(_:)`` when no release is recognised,
  ///   ``MovieLensError/missingFile(release:file:location:)`` when a required file is absent,
  ///   ``MovieLensError/badArchive(path:reason:)`` for a truncated or invalid zip.
  public init(path: String, release: MovieLensRelease? = nil) throws {
    location = path
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw MovieLensError.io(path: path, reason: "no such file or folder")
    }
    if isDirectory.boolValue {
      let (found, folder) = try Self.scanFolder(path)
      self.release = try release ?? MovieLensRelease.detect(fileNames: found)
      directory = folder
      temporary = nil
    } else {
      let extracted = try Self.extract(zip: path, release: release)
      self.release = extracted.release
      directory = extracted.directory
      temporary = extracted.temporary
    }
    for file in self.release.requiredFiles where !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent(file)) {
      throw MovieLensError.missingFile(release: self.release.description, file: file, location: path)
    }
  }

  deinit {
    if let temporary { try? FileManager.default.removeItem(atPath: temporary) }
  }

  /// The path of `file` in the release folder, or nil when absent.
  public func path(of file: String) -> String? {
    let path = (directory as NSString).appendingPathComponent(file)
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }

  /// The ratings file as columnar chunks parsed on `parallelism` workers, in file order.
  public func ratings(onBadLine: BadLinePolicy = .fail, parallelism: Int = ProcessInfo.processInfo.activeProcessorCount)
    -> ParallelMap<FileChunkDataset, RatingsChunk>
  {
    Datasets.ratings(
      path: (directory as NSString).appendingPathComponent(release.ratingsFile),
      parser: RatingsParser(release: release, onBadLine: onBadLine), parallelism: parallelism,
      displayName: file(release.ratingsFile))
  }

  /// Every rating in memory, with the lines skipped under `onBadLine: .skip`.
  public func loadRatings(onBadLine: BadLinePolicy = .fail) throws -> (ratings: MovieLensRatings, skipped: [SkippedLine]) {
    var all = MovieLensRatings()
    var skipped: [SkippedLine] = []
    var iterator = ratings(onBadLine: onBadLine).makeIterator()
    while let chunk = try iterator.next() {
      all.append(chunk)
      skipped += chunk.skipped
    }
    return (all, skipped)
  }

  /// The movies file (for ml-100k, its genre flags named by u.genre when present).
  public func movies(onBadLine: BadLinePolicy = .fail) throws -> [MovieLensMovie] {
    var parser = MovieLensTableParser(release: release, onBadLine: onBadLine)
    let genreNames = release == .ml100k ? try genres(onBadLine: onBadLine) : nil
    return try parser.movies(try read(release.moviesFile), file: file(release.moviesFile), genreNames: genreNames)
  }

  /// ml-100k's u.genre names in flag order, or nil when the file is absent (or another release).
  public func genres(onBadLine: BadLinePolicy = .fail) throws -> [String]? {
    guard release == .ml100k, path(of: "u.genre") != nil else { return nil }
    var parser = MovieLensTableParser(release: release, onBadLine: onBadLine)
    return try parser.genres(try read("u.genre"), file: file("u.genre"))
  }

  /// ml-100k's u.occupation names, or nil when the file is absent (or another release).
  public func occupations(onBadLine: BadLinePolicy = .fail) throws -> [String]? {
    guard release == .ml100k, path(of: "u.occupation") != nil else { return nil }
    var parser = MovieLensTableParser(release: release, onBadLine: onBadLine)
    return try parser.occupations(try read("u.occupation"), file: file("u.occupation"))
  }

  /// The users file (ml-100k and ml-1m; empty for other releases).
  public func users(onBadLine: BadLinePolicy = .fail) throws -> [MovieLensUser] {
    guard let name = release.usersFile else { return [] }
    var parser = MovieLensTableParser(release: release, onBadLine: onBadLine)
    return try parser.users(try read(name), file: file(name))
  }

  /// The tags file, when the release has one.
  public func tags(onBadLine: BadLinePolicy = .fail) throws -> [MovieLensTableParser.Tag] {
    guard let name = release.tagsFile, path(of: name) != nil else { return [] }
    var parser = MovieLensTableParser(release: release, onBadLine: onBadLine)
    return try parser.tags(try read(name), file: file(name))
  }

  /// links.csv, when the release has one.
  public func links(onBadLine: BadLinePolicy = .fail) throws -> [MovieLensTableParser.Link] {
    guard let name = release.linksFile, path(of: name) != nil else { return [] }
    var parser = MovieLensTableParser(release: release, onBadLine: onBadLine)
    return try parser.links(try read(name), file: file(name))
  }

  /// The name to show in messages: the path inside the zip or the folder.
  func file(_ name: String) -> String {
    temporary == nil ? (directory as NSString).appendingPathComponent(name) : "\(location)!\(release.topFolder)/\(name)"
  }

  func read(_ name: String) throws -> [UInt8] {
    let path = (directory as NSString).appendingPathComponent(name)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw MovieLensError.missingFile(release: release.description, file: name, location: location)
    }
    return [UInt8](data)
  }

  // MARK: - Locating files

  /// The data file names in `path` or one folder below it, and the folder that holds them.
  static func scanFolder(_ path: String) throws -> ([String], String) {
    let manager = FileManager.default
    let names = (try? manager.contentsOfDirectory(atPath: path)) ?? []
    if (try? MovieLensRelease.detect(fileNames: names)) != nil { return (names.map { "\((path as NSString).lastPathComponent)/\($0)" }, path) }
    for sub in names.sorted() {
      let folder = (path as NSString).appendingPathComponent(sub)
      let inner = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
      if (try? MovieLensRelease.detect(fileNames: inner)) != nil { return (inner.map { "\(sub)/\($0)" }, folder) }
    }
    throw MovieLensError.unknownLayout("\(path) holds no MovieLens files (checked it and its subfolders)")
  }

  /// Extracts the data files of the release in `zip` into a new temporary folder.
  static func extract(zip path: String, release given: MovieLensRelease?) throws -> (release: MovieLensRelease, directory: String, temporary: String) {
    let archive: Archive
    do {
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw MovieLensError.badArchive(path: path, reason: "\(error)")
    }
    let entries = Array(archive).filter { $0.type == .file && !$0.path.hasPrefix("__MACOSX") }
    let release = try given ?? MovieLensRelease.detect(fileNames: entries.map(\.path))
    let wanted = Set(
      release.requiredFiles + [release.tagsFile, release.linksFile].compactMap { $0 } + ["u.genre", "u.occupation"])
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("reel-movielens-\(UUID().uuidString)").path
    do {
      try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
      for entry in entries {
        let name = (entry.path as NSString).lastPathComponent
        let splitFile = release == .ml100k && (name.hasSuffix(".base") || name.hasSuffix(".test"))
        guard wanted.contains(name) || splitFile else { continue }
        _ = try archive.extract(entry, to: URL(fileURLWithPath: (temporary as NSString).appendingPathComponent(name)))
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw MovieLensError.badArchive(path: path, reason: "\(error)")
    }
    return (release, temporary, temporary)
  }
}
