#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension Datasets {
  /// The lines of text files, file after file in the given order (tf.data's `TextLineDataset`).
  ///
  /// Files are streamed in 1 MiB reads, so any file size works. A line ends at `\n`, `\r\n` or
  /// a lone `\r` (tf.data accepts only the first two); the terminator is stripped, and a last
  /// line without terminator is still produced. Invalid UTF-8 is repaired with U+FFFD.
  ///
  ///     Datasets.textLines(["ratings.csv"]).skip(1)   // the rows after the header
  ///
  /// The saved position is (file, byte offset, line number): restoring seeks, O(1).
  public static func textLines(_ paths: [String]) -> Map<TextLineDataset, String> {
    TextLineDataset(paths: paths).map { $0.text }
  }

  /// Like ``textLines(_:)``, but each element also carries its file and 1-based line number,
  /// so that parsers can name the exact place of a bad row.
  public static func numberedTextLines(_ paths: [String]) -> TextLineDataset {
    TextLineDataset(paths: paths)
  }
}

/// One line of a text file with its location.
public struct TextLine: Hashable, Sendable {
  /// The file the line came from.
  public var path: String
  /// 1-based line number within the file.
  public var lineNumber: Int
  /// The line without its terminator.
  public var text: String
}

/// A dataset of the lines of text files. Build with ``Datasets/numberedTextLines(_:)``.
public struct TextLineDataset: Dataset {
  public typealias Element = TextLine
  let paths: [String]

  public func makeIterator(epoch: Int) -> Iterator {
    Iterator(paths: paths, state: State(file: 0, offset: 0, line: 0))
  }

  public func makeIterator(restoring state: State) throws -> Iterator {
    guard state.file >= 0, state.file <= paths.count, state.offset >= 0 else {
      throw PipelineError.invalidState(stage: "textLines", "file \(state.file) of \(paths.count)")
    }
    return Iterator(paths: paths, state: state)
  }

  public var cardinality: Cardinality { .unknown }

  /// Position within the list of files.
  public struct State: Codable, Hashable, Sendable {
    /// Index of the current file.
    public var file: Int
    /// Byte offset of the next unread line in that file.
    public var offset: Int
    /// Lines already produced from that file.
    public var line: Int
  }

  /// Reads lines with a 1 MiB buffer; owns one open file at a time.
  public struct Iterator: DatasetIterator {
    let paths: [String]
    var state: State
    var reader: FileReader?

    init(paths: [String], state: State) {
      self.paths = paths
      self.state = state
    }

    public func checkpoint() -> State { state }

    public mutating func next() throws -> TextLine? {
      while state.file < paths.count {
        if reader == nil {
          reader = try FileReader(path: paths[state.file], offset: state.offset)
        }
        if let line = try readLine() { return line }
        reader = nil
        state = State(file: state.file + 1, offset: 0, line: 0)
      }
      return nil
    }

    /// The next line of the current file, or nil at its end.
    mutating func readLine() throws -> TextLine? {
      guard let r = reader else { return nil }
      var bytes: [UInt8] = []
      var consumed = 0
      while true {
        let chunk = try r.available()
        if chunk.isEmpty {
          if bytes.isEmpty && consumed == 0 { return nil }
          break  // last line without terminator
        }
        if let end = chunk.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
          bytes.append(contentsOf: chunk[chunk.startIndex..<end])
          let terminator = chunk[end]
          r.advance(end - chunk.startIndex + 1)
          consumed += end - chunk.startIndex + 1
          if terminator == 0x0D {
            if try r.peek() == 0x0A {  // \r\n, possibly split across two reads
              r.advance(1)
              consumed += 1
            }
          }
          break
        }
        bytes.append(contentsOf: chunk)
        consumed += chunk.count
        r.advance(chunk.count)
      }
      state.offset += consumed
      state.line += 1
      return TextLine(
        path: paths[state.file], lineNumber: state.line,
        text: String(decoding: bytes, as: UTF8.self))
    }
  }
}

/// Buffered sequential reads from a file descriptor; closes the file when released.
final class FileReader {
  let path: String
  let fd: Int32
  var buffer: [UInt8]
  var start = 0
  var end = 0
  var eof = false
  static let bufferSize = 1 << 20

  init(path: String, offset: Int) throws {
    self.path = path
    fd = open(path, O_RDONLY)
    buffer = [UInt8](repeating: 0, count: FileReader.bufferSize)
    if fd < 0 { throw PipelineError.io(path: path, String(cString: strerror(errno))) }
    if offset > 0, lseek(fd, off_t(offset), SEEK_SET) < 0 {
      let message = String(cString: strerror(errno))
      close(fd)
      throw PipelineError.io(path: path, "cannot seek to byte \(offset): \(message)")
    }
  }

  deinit { if fd >= 0 { close(fd) } }

  /// The buffered, unread bytes, refilling first when none remain (empty at end of file).
  func available() throws -> ArraySlice<UInt8> {
    if start == end && !eof { try fill() }
    return buffer[start..<end]
  }

  /// The next byte without consuming it, or nil at end of file.
  func peek() throws -> UInt8? {
    if start == end && !eof { try fill() }
    return start < end ? buffer[start] : nil
  }

  func advance(_ count: Int) { start += count }

  private func fill() throws {
    let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, FileReader.bufferSize) }
    if n < 0 {
      throw PipelineError.io(path: path, "read failed: \(String(cString: strerror(errno)))")
    }
    start = 0
    end = n
    if n == 0 { eof = true }
  }
}
