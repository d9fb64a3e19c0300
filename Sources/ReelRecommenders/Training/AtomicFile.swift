import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Durable, all-or-nothing file replacement: write to a temporary file in the same folder,
/// fsync it, rename it over the target, fsync the folder. Every file Reel writes goes
/// through it, so a crash leaves either the old file or the new one, never a torn one.
///
///     try AtomicFile.write(Data(bytes), to: url)
public enum AtomicFile {
  /// Writes `data` to `url` atomically and durably.
  public static func write(_ data: Data, to url: URL) throws {
    try write(to: url) { temp in try data.write(to: temp) }
  }

  /// Lets `body` write a temporary file, then moves it to `url` atomically and durably.
  public static func write(to url: URL, _ body: (URL) throws -> Void) throws {
    let folder = url.deletingLastPathComponent()
    let temp = folder.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
    do {
      try body(temp)
      let handle = try FileHandle(forUpdating: temp)
      defer { try? handle.close() }
      try handle.synchronize()
      guard rename(temp.path, url.path) == 0 else {
        throw RecommenderError(
          component: "AtomicFile",
          reason: "cannot rename \(temp.path) to \(url.path): \(String(cString: strerror(errno)))")
      }
    } catch {
      try? FileManager.default.removeItem(at: temp)
      throw error
    }
    syncFolder(folder)
  }

  /// fsyncs a folder so a rename inside it is durable (best effort: some file systems
  /// refuse to fsync folders).
  public static func syncFolder(_ folder: URL) {
    let fd = open(folder.path, O_RDONLY)
    guard fd >= 0 else { return }
    _ = fsync(fd)
    close(fd)
  }
}
