import ReelPipeline

/// How a parser treats a malformed line.
public enum BadLinePolicy: String, Codable, Sendable {
  /// Stop with an error naming the file, line and reason (the default).
  case fail
  /// Skip the line, count it, and keep the first few for the report.
  case skip
}

/// A malformed line that was skipped.
public struct SkippedLine: Codable, Hashable, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var reason: String
  public var description: String { "\(file):\(line): \(reason)" }
}

/// The rows of one chunk of a ratings file, as columns.
public struct RatingsChunk: Sendable {
  public var user: [Int32] = []
  public var movie: [Int32] = []
  public var rating: [Float] = []
  public var timestamp: [Int64] = []
  /// Lines skipped under ``BadLinePolicy/skip`` (all of them, in order).
  public var skipped: [SkippedLine] = []

  public var rowCount: Int { user.count }

  /// The columns as a batch: `user`, `movie` (Int32), `rating` (Float), `timestamp` (Int64).
  public var batch: FeatureBatch {
    try! FeatureBatch([
      ("user", .int32(user)), ("movie", .int32(movie)), ("rating", .float(rating)),
      ("timestamp", .int64(timestamp)),
    ])
  }
}

/// Parses ratings lines (`user SEP movie SEP rating SEP timestamp`) of any release straight
/// from bytes: no `String` per field, no per-row allocation.
public struct RatingsParser: Sendable {
  /// The field separator (`\t`, `::` or `,`).
  public var separator: [UInt8]
  /// Whether the file starts with the CSV header `userId,movieId,rating,timestamp`.
  public var hasHeader: Bool
  /// Whether ratings must be whole stars (ml-100k, ml-1m) rather than half stars.
  public var wholeStars: Bool
  public var onBadLine: BadLinePolicy = .fail

  static let csvHeader = Array("userId,movieId,rating,timestamp".utf8)

  /// The parser for a release's ratings file.
  public init(release: MovieLensRelease, onBadLine: BadLinePolicy = .fail) {
    separator = release.ratingsSeparator
    hasHeader = release.hasHeader
    wholeStars = release == .ml100k || release == .ml1m
    self.onBadLine = onBadLine
  }

  /// A parser chosen from a ratings file's name: `u.data` and the 100k split files (tabs),
  /// `*.dat` (`::`), `*.csv` (CSV with header). Half stars are accepted except for tabs.
  public init?(fileName: String, onBadLine: BadLinePolicy = .fail) {
    let name = fileName.split(separator: "/").last.map(String.init) ?? fileName
    if name == "u.data" || name.hasSuffix(".base") || name.hasSuffix(".test") {
      self.init(release: .ml100k, onBadLine: onBadLine)
    } else if name.hasSuffix(".dat") {
      self.init(release: .ml10m, onBadLine: onBadLine)
    } else if name.hasSuffix(".csv") {
      self.init(release: .ml25m, onBadLine: onBadLine)
    } else {
      return nil
    }
  }

  /// Parses the lines of `chunk`.
  ///
  /// - Throws: ``MovieLensError/badLine(file:line:reason:)`` for the first malformed line when
  ///   the policy is ``BadLinePolicy/fail``.
  public func parse(_ chunk: TextChunk) throws -> RatingsChunk {
    var out = RatingsChunk()
    let estimate = chunk.lineCount + 1
    out.user.reserveCapacity(estimate)
    out.movie.reserveCapacity(estimate)
    out.rating.reserveCapacity(estimate)
    out.timestamp.reserveCapacity(estimate)
    try chunk.bytes.withUnsafeBufferPointer { buffer in
      guard let p = buffer.baseAddress else { return }
      let n = buffer.count
      var lineStart = 0
      var lineNumber = chunk.firstLine
      let sep0 = separator[0]
      let sepCount = separator.count
      while lineStart < n {
        // Fast path: one pass over a well-formed line, digits parsed as they are scanned.
        if !(hasHeader && lineNumber == 1),
          let row = fastLine(p, lineStart, n, sep0, sepCount)
        {
          out.user.append(row.user)
          out.movie.append(row.movie)
          out.rating.append(row.rating)
          out.timestamp.append(row.timestamp)
          lineStart = row.next
          lineNumber += 1
          continue
        }
        var lineEnd = lineStart
        while lineEnd < n && p[lineEnd] != 0x0A { lineEnd += 1 }
        let next = lineEnd + 1
        var end = lineEnd
        if end > lineStart && p[end - 1] == 0x0D { end -= 1 }
        defer {
          lineStart = next
          lineNumber += 1
        }
        if end == lineStart { continue }  // blank line: no data
        if hasHeader && lineNumber == 1 {
          if !Self.equal(p, lineStart, end, Self.csvHeader) {
            try reject(&out, chunk, lineNumber, "expected the header userId,movieId,rating,timestamp")
          }
          continue
        }
        // Split into exactly four fields.
        var bounds: (Int, Int, Int, Int, Int, Int, Int, Int) = (0, 0, 0, 0, 0, 0, 0, 0)
        var field = 0
        var fieldStart = lineStart
        var i = lineStart
        var quoted = false
        while i < end {
          let b = p[i]
          if b == 0x22 { quoted = true }
          if b == sep0 && (sepCount == 1 || (i + 1 < end && p[i + 1] == separator[1])) {
            if field < 3 { Self.set(&bounds, field, fieldStart, i) }
            field += 1
            i += sepCount
            fieldStart = i
            continue
          }
          i += 1
        }
        if field == 3 { Self.set(&bounds, 3, fieldStart, end) }
        guard field == 3 else {
          try reject(&out, chunk, lineNumber, "expected 4 fields, found \(field + 1)")
          continue
        }
        if quoted {
          try reject(&out, chunk, lineNumber, "quoted field in a ratings line")
          continue
        }
        guard let user = ByteFields.int(p, bounds.0, bounds.1), user > 0, user <= Int(Int32.max) else {
          try reject(&out, chunk, lineNumber, "user id '\(Self.text(p, bounds.0, bounds.1))' is not a positive integer")
          continue
        }
        guard let movie = ByteFields.int(p, bounds.2, bounds.3), movie > 0, movie <= Int(Int32.max) else {
          try reject(&out, chunk, lineNumber, "movie id '\(Self.text(p, bounds.2, bounds.3))' is not a positive integer")
          continue
        }
        guard let half = ByteFields.halfStars(p, bounds.4, bounds.5), half >= (wholeStars ? 2 : 1), half <= 10,
          !wholeStars || half % 2 == 0
        else {
          try reject(&out, chunk, lineNumber, "rating '\(Self.text(p, bounds.4, bounds.5))' is not \(wholeStars ? "a whole star from 1 to 5" : "a half star from 0.5 to 5")")
          continue
        }
        guard let time = ByteFields.int(p, bounds.6, bounds.7), time >= 0 else {
          try reject(&out, chunk, lineNumber, "timestamp '\(Self.text(p, bounds.6, bounds.7))' is not a non-negative integer")
          continue
        }
        out.user.append(Int32(user))
        out.movie.append(Int32(movie))
        out.rating.append(Float(half) * 0.5)
        out.timestamp.append(Int64(time))
      }
    }
    return out
  }

  /// Parses one well-formed line starting at `start`, or returns nil (the slow path then finds
  /// the reason). Accepts exactly `digits SEP digits SEP digits[.digit] SEP digits` and `\n`,
  /// `\r\n` or the end of the buffer.
  @inline(__always)
  private func fastLine(_ p: UnsafePointer<UInt8>, _ start: Int, _ n: Int, _ sep0: UInt8, _ sepCount: Int)
    -> (user: Int32, movie: Int32, rating: Float, timestamp: Int64, next: Int)?
  {
    var i = start
    guard let user = Self.digits(p, &i, n, 9), user > 0, Self.separator(p, &i, n, sep0, sepCount),
      let movie = Self.digits(p, &i, n, 9), movie > 0, Self.separator(p, &i, n, sep0, sepCount),
      let whole = Self.digits(p, &i, n, 1)
    else { return nil }
    var half = whole &* 2
    if i < n && p[i] == UInt8(ascii: ".") {
      guard i + 1 < n else { return nil }
      let decimal = p[i + 1]
      if decimal == UInt8(ascii: "5") {
        half &+= 1
      } else if decimal != UInt8(ascii: "0") {
        return nil
      }
      i &+= 2
    }
    guard half >= (wholeStars ? 2 : 1), half <= 10, !wholeStars || half & 1 == 0,
      Self.separator(p, &i, n, sep0, sepCount), let time = Self.digits(p, &i, n, 18)
    else { return nil }
    if i < n && p[i] == 0x0D { i &+= 1 }
    if i < n {
      guard p[i] == 0x0A else { return nil }
      i &+= 1
    }
    return (Int32(truncatingIfNeeded: user), Int32(truncatingIfNeeded: movie), Float(half) * 0.5, Int64(time), i)
  }

  /// The decimal number of 1...`limit` digits at `i` (advanced past it), or nil.
  @inline(__always)
  private static func digits(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int, _ limit: Int) -> Int? {
    var k = i
    var value = 0
    while k < n {
      let d = Int(p[k]) &- 48
      if UInt(bitPattern: d) > 9 { break }
      value = value &* 10 &+ d
      k &+= 1
    }
    let count = k &- i
    i = k
    return count > 0 && count <= limit ? value : nil
  }

  /// Skips the separator at `i`, or returns false.
  @inline(__always)
  private static func separator(_ p: UnsafePointer<UInt8>, _ i: inout Int, _ n: Int, _ sep0: UInt8, _ count: Int) -> Bool {
    guard i &+ count <= n, p[i] == sep0, count == 1 || p[i &+ 1] == sep0 else { return false }
    i &+= count
    return true
  }

  private func reject(_ out: inout RatingsChunk, _ chunk: TextChunk, _ line: Int, _ reason: String) throws {
    switch onBadLine {
    case .fail: throw MovieLensError.badLine(file: chunk.path, line: line, reason: reason)
    case .skip: out.skipped.append(SkippedLine(file: chunk.path, line: line, reason: reason))
    }
  }

  @inline(__always)
  private static func set(_ b: inout (Int, Int, Int, Int, Int, Int, Int, Int), _ field: Int, _ s: Int, _ e: Int) {
    switch field {
    case 0: b.0 = s; b.1 = e
    case 1: b.2 = s; b.3 = e
    case 2: b.4 = s; b.5 = e
    default: b.6 = s; b.7 = e
    }
  }

  private static func equal(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, _ expected: [UInt8]) -> Bool {
    guard e - s == expected.count else { return false }
    for k in 0..<expected.count where p[s + k] != expected[k] { return false }
    return true
  }

  private static func text(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: p + s, count: max(0, min(e - s, 40))), as: UTF8.self)
  }
}

extension Datasets {
  /// A ratings file parsed to columnar chunks on `parallelism` workers, in file order.
  ///
  ///     let ratings = Datasets.ratings(path: "ml-25m/ratings.csv", parser: RatingsParser(release: .ml25m))
  ///
  /// Each element holds the rows of about `chunkSize` bytes of the file.
  public static func ratings(
    path: String, parser: RatingsParser, parallelism: Int = 2, chunkSize: Int = 4 << 20,
    displayName: String? = nil
  ) -> ParallelMap<FileChunkDataset, RatingsChunk> {
    fileChunks(path, chunkSize: chunkSize, displayName: displayName)
      .map(parallelism: parallelism, chunkSize: 1) { try parser.parse($0) }
  }
}
