import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Thin, checked wrappers over the POSIX calls shards use; every failure becomes a
/// ``ShardError/io(path:operation:reason:)`` naming the file and the call.
enum FileIO {
  /// Test hook: when set, called before each write-side operation (`"write"`, `"fsync"`,
  /// `"rename"`) with the path; returning true makes that operation fail with EIO.
  nonisolated(unsafe) static var injectFault: ((_ operation: String, _ path: String) -> Bool)?
  static let faultLock = NSLock()

  static func shouldFail(_ operation: String, _ path: String) -> Bool {
    faultLock.lock()
    defer { faultLock.unlock() }
    return injectFault?(operation, path) ?? false
  }

  static func error(_ path: String, _ operation: String, _ code: Int32 = errno) -> ShardError {
    .io(path: path, operation: operation, reason: String(cString: strerror(code)))
  }

  /// Renames atomically, then fsyncs the directory so the rename is durable.
  static func rename(_ from: String, to: String) throws {
    if shouldFail("rename", to) { throw error(to, "rename", EIO) }
    guard Glibc.rename(from, to) == 0 else { throw error(to, "rename") }
    try syncDirectory(of: to)
  }

  static func syncDirectory(of path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    let fd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY)
    guard fd >= 0 else { throw error(directory, "open") }
    defer { close(fd) }
    guard fsync(fd) == 0 else { throw error(directory, "fsync") }
  }

  /// Writes `data` to `path` atomically: a temporary file beside it, fsync, rename.
  static func writeAtomically(_ data: [UInt8], to path: String) throws {
    let temporary = temporaryPath(for: path)
    let file = try OutputFile(path: temporary)
    do {
      try file.write(data)
      try file.finish()
      try rename(temporary, to: path)
    } catch {
      unlink(temporary)
      throw error
    }
  }

  /// A hidden temporary name in the same directory (readers ignore names starting with `.`).
  static func temporaryPath(for path: String) -> String {
    let url = URL(fileURLWithPath: path)
    let token = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(token).tmp").path
  }
}

/// A file being written: sequential writes, then `finish()` (fsync and close).
final class OutputFile {
  let path: String
  private var fd: Int32
  private(set) var bytesWritten = 0
  /// CRC32C of everything written so far.
  private(set) var crc: UInt32 = 0

  init(path: String) throws {
    self.path = path
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw FileIO.error(path, "create") }
  }

  deinit { if fd >= 0 { close(fd) } }

  func write(_ bytes: [UInt8]) throws {
    try bytes.withUnsafeBytes { try write($0) }
  }

  func write(_ bytes: UnsafeRawBufferPointer) throws {
    if FileIO.shouldFail("write", path) { throw FileIO.error(path, "write", EIO) }
    var offset = 0
    while offset < bytes.count {
      let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        throw FileIO.error(path, "write")
      }
      offset += n
    }
    crc = CRC32C.extend(crc, bytes)
    bytesWritten += bytes.count
  }

  /// Flushes to stable storage and closes.
  func finish() throws {
    if FileIO.shouldFail("fsync", path) { throw FileIO.error(path, "fsync", EIO) }
    guard fsync(fd) == 0 else { throw FileIO.error(path, "fsync") }
    close(fd)
    fd = -1
  }
}

/// A file opened for random-access reads (`pread`), safe to share between threads.
final class InputFile: @unchecked Sendable {
  let path: String
  let size: Int
  private let fd: Int32

  init(path: String) throws {
    self.path = path
    fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw FileIO.error(path, "open") }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      close(fd)
      throw FileIO.error(path, "stat")
    }
    size = Int(info.st_size)
  }

  deinit { close(fd) }

  /// Reads exactly `count` bytes at `offset`.
  func read(at offset: Int, count: Int) throws -> [UInt8] {
    guard offset >= 0, count >= 0, offset + count <= size else {
      throw ShardError.corrupt(path: path, block: nil, reason: "range \(offset)..<\(offset + count) outside the file (\(size) bytes)")
    }
    var buffer = [UInt8](repeating: 0, count: count)
    var done = 0
    try buffer.withUnsafeMutableBytes { out in
      while done < count {
        let n = pread(fd, out.baseAddress! + done, count - done, off_t(offset + done))
        if n < 0 {
          if errno == EINTR { continue }
          throw FileIO.error(path, "read")
        }
        if n == 0 { throw ShardError.corrupt(path: path, block: nil, reason: "file shrank while reading") }
        done += n
      }
    }
    return buffer
  }
}
