import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// The POSIX calls weight files use; every failure becomes a ``WeightFileError`` naming the
/// file and the call.
enum WeightFileIO {
  static func failure(_ path: String, _ operation: String, _ code: Int32 = errno)
    -> WeightFileError
  {
    WeightFileError(path: path, reason: "\(operation) failed: \(String(cString: strerror(code)))")
  }

  /// Writes the pieces `write` produces to `path` atomically: a hidden temporary file beside
  /// it, fsync, rename over `path`, fsync of the directory. On failure the temporary file is
  /// removed and `path` is left as it was.
  static func writeAtomically(
    to path: String, _ write: (_ append: (UnsafeRawBufferPointer) throws -> Void) throws -> Void
  ) throws {
    let url = URL(fileURLWithPath: path)
    let token = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let temporary = url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent).\(token).tmp").path
    let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard fd >= 0 else { throw failure(path, "creating \(temporary)") }
    var closed = false
    do {
      try write { bytes in
        var done = 0
        while done < bytes.count {
          let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
          if n < 0 {
            if errno == EINTR { continue }
            throw failure(path, "write")
          }
          done += n
        }
      }
      guard fsync(fd) == 0 else { throw failure(path, "fsync") }
      closed = true
      guard close(fd) == 0 else { throw failure(path, "close") }
      guard rename(temporary, path) == 0 else { throw failure(path, "rename") }
    } catch {
      if !closed { close(fd) }
      unlink(temporary)
      throw error
    }
    let directory = url.deletingLastPathComponent().path
    let dirFD = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    guard dirFD >= 0 else { throw failure(directory, "open") }
    defer { close(dirFD) }
    guard fsync(dirFD) == 0 else { throw failure(directory, "fsync") }
  }
}

/// A file opened for reading at offsets.
final class WeightInputFile {
  let path: String
  /// The file's size in bytes when it was opened.
  let size: Int
  private let fd: Int32

  init(path: String) throws {
    self.path = path
    fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw WeightFileIO.failure(path, "open") }
    var info = stat()
    guard fstat(fd, &info) == 0 else {
      let error = WeightFileIO.failure(path, "stat")
      close(fd)
      throw error
    }
    size = Int(info.st_size)
  }

  deinit { close(fd) }

  /// Fills `buffer` from `offset`; a file that ends first is reported as truncated.
  func read(into buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
    var done = 0
    while done < buffer.count {
      let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
      if n < 0 {
        if errno == EINTR { continue }
        throw WeightFileIO.failure(path, "read")
      }
      if n == 0 {
        throw WeightFileError(
          path: path, reason: "truncated: the file ended at byte \(offset + done) while reading")
      }
      done += n
    }
  }

  /// `count` bytes from `offset`.
  func read(count: Int, at offset: Int) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    try bytes.withUnsafeMutableBytes { try read(into: $0, at: offset) }
    return bytes
  }
}
