import ReelPipeline

#if canImport(Glibc)
  import Glibc
#endif

/// A run of whole lines of a text file, with the number of its first line.
public struct TextChunk: Sendable {
  /// The file the lines come from (for error messages).
  public var path: String
  /// The bytes of whole lines (each ending in `\n`, except possibly the file's last line).
  public var bytes: [UInt8]
  /// 1-based number of the chunk's first line in the file.
  public var firstLine: Int
  /// Number of line feeds in the chunk.
  public var lineCount: Int
}

/// A file read in chunks of about `chunkSize` bytes, each cut at a line boundary, so that
/// chunks can be parsed on several cores and the results kept in file order.
///
///     Datasets.fileChunks("ratings.csv").map(parallelism: 2) { parse($0) }
///
/// The saved position is (byte offset, line number): restoring seeks.
public struct FileChunkDataset: Dataset {
  public typealias Element = TextChunk
  let path: String
  let chunkSize: Int
  /// The name errors show (for example `ml-25m.zip!ml-25m/ratings.csv`); the path when nil.
  var displayName: String?

  public var cardinality: Cardinality { .unknown }

  public func makeIterator(epoch: Int) -> Iterator { Iterator(dataset: self, offset: 0, line: 1) }

  public func makeIterator(restoring state: State) throws -> Iterator {
    Iterator(dataset: self, offset: state.offset, line: state.line)
  }

  /// Byte offset and 1-based line number of the next chunk.
  public struct State: Codable, Sendable {
    public var offset: Int
    public var line: Int
  }

  /// Reads chunks sequentially; owns the open file.
  public struct Iterator: DatasetIterator {
    let dataset: FileChunkDataset
    var offset: Int
    var line: Int
    var handle: FileHandleBox?
    var carry: [UInt8] = []
    var finished = false

    init(dataset: FileChunkDataset, offset: Int, line: Int) {
      self.dataset = dataset
      self.offset = offset
      self.line = line
    }

    public func checkpoint() -> State { State(offset: offset, line: line) }

    /// Number of `\n` bytes (libc's vectorised `memchr` finds each one).
    static func countLineFeeds(_ bytes: [UInt8]) -> Int {
      bytes.withUnsafeBytes { raw in
        guard var cursor = raw.baseAddress else { return 0 }
        let end = cursor + raw.count
        var count = 0
        while cursor < end, let found = memchr(cursor, 0x0A, end - cursor) {
          count &+= 1
          cursor = UnsafeRawPointer(found) + 1
        }
        return count
      }
    }

    public mutating func next() throws -> TextChunk? {
      if finished { return nil }
      if handle == nil { handle = try FileHandleBox(path: dataset.path, offset: offset) }
      var bytes = carry
      carry = []
      let target = max(1, dataset.chunkSize)
      var sawEnd = false
      while true {
        let before = bytes.count
        let n = try handle!.read(into: &bytes, count: target)
        if n == 0 { sawEnd = true }
        if sawEnd { break }
        // Cut after the last line feed of what was just read, keeping the rest for later.
        if let cut = bytes[before...].lastIndex(of: 0x0A) {
          carry = Array(bytes[(cut + 1)...])
          bytes.removeSubrange((cut + 1)...)
          break
        }
      }
      if sawEnd {
        finished = true
        handle = nil
        if bytes.isEmpty { return nil }
      }
      let lines = Self.countLineFeeds(bytes)
      let chunk = TextChunk(path: dataset.displayName ?? dataset.path, bytes: bytes, firstLine: line, lineCount: lines)
      offset += bytes.count
      line += lines
      return chunk
    }
  }
}

extension Datasets {
  /// The file at `path` in chunks of whole lines of about `chunkSize` bytes (default 4 MiB).
  public static func fileChunks(_ path: String, chunkSize: Int = 4 << 20, displayName: String? = nil) -> FileChunkDataset {
    FileChunkDataset(path: path, chunkSize: chunkSize, displayName: displayName)
  }
}

/// An open file read sequentially from an offset; closed when released.
final class FileHandleBox {
  let path: String
  let fd: Int32

  init(path: String, offset: Int) throws {
    self.path = path
    fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw MovieLensError.io(path: path, reason: String(cString: strerror(errno))) }
    if offset > 0 && lseek(fd, off_t(offset), SEEK_SET) < 0 {
      close(fd)
      throw MovieLensError.io(path: path, reason: "cannot seek to byte \(offset)")
    }
  }

  deinit { close(fd) }

  /// Appends up to `count` bytes to `buffer`; returns how many (0 at end of file).
  func read(into buffer: inout [UInt8], count: Int) throws -> Int {
    var failure: Int32 = 0
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { storage, initialized in
      var n = 0
      repeat { n = Glibc.read(fd, storage.baseAddress, count) } while n < 0 && errno == EINTR
      if n < 0 { failure = errno }
      initialized = max(0, n)
    }
    guard failure == 0 else {
      throw MovieLensError.io(path: path, reason: "read failed: \(String(cString: strerror(failure)))")
    }
    if buffer.isEmpty { buffer = bytes } else { buffer.append(contentsOf: bytes) }
    return bytes.count
  }
}
