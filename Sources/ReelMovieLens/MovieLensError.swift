import ReelPipeline

/// An error reading MovieLens files. Every case names the file and, for bad rows, the line.
public enum MovieLensError: Error, LocatedError, CustomStringConvertible, Equatable, Sendable {
  /// A malformed line: wrong field count, non-numeric id, rating out of range, bad quoting,
  /// invalid encoding.
  case badLine(file: String, line: Int, reason: String)
  /// A file the release needs is missing.
  case missingFile(release: String, file: String, location: String)
  /// The files fit no known release.
  case unknownLayout(String)
  /// The archive cannot be read (truncated or not a zip).
  case badArchive(path: String, reason: String)
  /// Reading failed.
  case io(path: String, reason: String)
  /// Too many bad lines were skipped (`--on-error skip` still stops at a limit).
  case tooManyBadLines(file: String, count: Int, first: [String])

  public var description: String {
    switch self {
    case let .badLine(file, line, reason): return "\(file):\(line): \(reason)"
    case let .missingFile(release, file, location):
      return "\(location): \(release) needs \(file), which is missing"
    case let .unknownLayout(message): return "unknown MovieLens layout: \(message)"
    case let .badArchive(path, reason): return "\(path): cannot read the archive: \(reason)"
    case let .io(path, reason): return "\(path): \(reason)"
    case let .tooManyBadLines(file, count, first):
      return "\(file): \(count) bad lines; first: \(first.joined(separator: "; "))"
    }
  }
}
