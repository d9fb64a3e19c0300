import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// An exclusive lock file (`O_CREAT | O_EXCL`) holding the owner's process id and start time.
/// A lock whose owner process no longer exists on this host, or that is older than
/// `staleAfter`, is stale and is broken.
final class CacheLock {
  let path: String
  private var held = false

  init(path: String) { self.path = path }

  deinit { release() }

  /// Takes the lock if it is free or stale; returns false when a live owner holds it.
  func tryAcquire(staleAfter: TimeInterval = 6 * 3600) throws -> Bool {
    for _ in 0..<2 {
      let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
      if fd >= 0 {
        let text = "\(getpid()) \(ProcessInfo.processInfo.hostName) \(Int(Date().timeIntervalSince1970))\n"
        _ = text.withCString { write(fd, $0, strlen($0)) }
        fsync(fd)
        close(fd)
        held = true
        return true
      }
      guard errno == EEXIST else { throw FileIO.error(path, "create lock") }
      guard isStale(staleAfter: staleAfter) else { return false }
      unlink(path)  // break the stale lock and try once more
    }
    return false
  }

  /// Whether the existing lock file's owner is gone or the lock is too old.
  func isStale(staleAfter: TimeInterval) -> Bool {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return true }
    let fields = text.split(separator: " ").map(String.init)
    guard fields.count >= 3, let pid = Int32(fields[0]), let time = Double(fields[2].trimmingCharacters(in: .whitespacesAndNewlines)) else {
      return true
    }
    if Date().timeIntervalSince1970 - time > staleAfter { return true }
    if fields[1] == ProcessInfo.processInfo.hostName, kill(pid, 0) != 0, errno == ESRCH { return true }
    return false
  }

  func release() {
    if held {
      unlink(path)
      held = false
    }
  }
}
