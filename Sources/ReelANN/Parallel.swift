import Dispatch
import Foundation

/// Row loops spread over the cores.
enum ANNParallel {
  /// The number of threads loops use.
  static let workerCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 16))

  /// Calls `body` on disjoint chunks covering `0..<count`, on several threads when `work`
  /// (about the number of multiply-adds) pays for them. `body` gets the chunk number too.
  static func forEachChunk(
    _ count: Int, work: Int, chunks wanted: Int? = nil, _ body: (Int, Range<Int>) -> Void
  ) {
    let chunks = min(wanted ?? workerCount * 4, count, max(1, work / (1 << 16)))
    if chunks <= 1 {
      if count > 0 { body(0, 0..<count) }
      return
    }
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
      body(chunk, (count * chunk / chunks)..<(count * (chunk + 1) / chunks))
    }
  }
}
