import Foundation

/// Counters of the pipeline's background work, for tests and debugging: after every iterator
/// has been dropped (and its workers have noticed), both return to zero.
public enum PipelineDiagnostics {
  static let stages = LockedCounter()
  static let workers = LockedCounter()

  /// Background stages (prefetch, parallel map, parallel interleave) whose engine is alive.
  public static var liveBackgroundStages: Int { stages.value }

  /// Worker tasks currently running on Dispatch queues.
  public static var runningWorkers: Int { workers.value }

  /// Waits up to `timeout` seconds for all background work to finish; returns whether it did.
  public static func waitForBackgroundWork(timeout: Double = 5) -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(timeout * 1000))
    while ContinuousClock.now < deadline {
      if liveBackgroundStages == 0 && runningWorkers == 0 { return true }
      usleepMilliseconds(1)
    }
    return liveBackgroundStages == 0 && runningWorkers == 0
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

@usableFromInline
func usleepMilliseconds(_ ms: Int) { usleep(useconds_t(ms * 1000)) }

/// An integer behind a pthread-backed lock (which ThreadSanitizer understands, unlike the
/// futex-based `Synchronization.Mutex`).
final class LockedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0

  var value: Int {
    lock.lock()
    defer { lock.unlock() }
    return count
  }

  func add(_ delta: Int) {
    lock.lock()
    count += delta
    lock.unlock()
  }
}
