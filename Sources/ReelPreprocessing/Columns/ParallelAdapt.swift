import Dispatch
import Foundation
import ReelPipeline

/// Runs one adapt pass per partition on its own thread and merges the partial states in
/// partition order, so the result does not depend on timing.
enum ParallelAdapt {
  /// `partial(p)` for every partition `p`, concurrently; then `merge` folds them left to
  /// right. The first error (in partition order) is rethrown after every partition stopped.
  static func run<D, S>(
    _ partitions: [D], partial: (D) throws -> S, merge: (inout S, S) throws -> Void
  ) throws -> S? {
    guard !partitions.isEmpty else { return nil }
    let results = ResultSlots<S>(count: partitions.count)
    withoutActuallyEscaping(partial) { partial in
      DispatchQueue.concurrentPerform(iterations: partitions.count) { p in
        results.set(p, Result { try partial(partitions[p]) })
      }
    }
    var merged = try results.get(0)
    for p in 1..<partitions.count { try merge(&merged, try results.get(p)) }
    return merged
  }
}

/// One result slot per partition, written once each from its own thread.
private final class ResultSlots<S>: @unchecked Sendable {
  private var slots: [Result<S, any Error>?]
  private let lock = NSLock()

  init(count: Int) { slots = Array(repeating: nil, count: count) }

  func set(_ i: Int, _ result: Result<S, any Error>) {
    lock.lock()
    slots[i] = result
    lock.unlock()
  }

  func get(_ i: Int) throws -> S {
    lock.lock()
    let result = slots[i]!
    lock.unlock()
    return try result.get()
  }
}
