import Dispatch
import Foundation

/// Splitting of element loops across the machine's cores.
enum Parallel {
  /// The number of worker threads element loops use.
  static let workerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))

  /// Calls `body` on disjoint chunks covering `0..<count`, on several threads when the work
  /// is at least `2 * minimumChunk` elements, otherwise once on the calling thread.
  static func forEachChunk(
    count: Int, minimumChunk: Int = 1 << 15, _ body: (Range<Int>) -> Void
  ) {
    let chunks = min(workerCount, count / max(minimumChunk, 1))
    if chunks <= 1 {
      if count > 0 { body(0..<count) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      let start = count * chunk / chunks
      let end = count * (chunk + 1) / chunks
      body(start..<end)
    }
  }
}
