import Dispatch

extension Dataset {
  /// The dataset as an `AsyncSequence`, for `for try await` loops in async code. Each `next()`
  /// runs the pipeline's blocking `next()` on a private serial Dispatch queue, so Swift
  /// concurrency's cooperative threads never block on I/O or background stages.
  ///
  ///     for try await batch in ds.async(epoch: epoch) { try await model.train(on: batch) }
  ///
  /// The hop costs a few microseconds per element: iterate batches, not single values.
  public func async(epoch: Int = 0) -> AsyncDataset<Self> { AsyncDataset(base: self, epoch: epoch) }
}

/// An `AsyncSequence` over one pass of a dataset. Build with ``Dataset/async(epoch:)``.
public struct AsyncDataset<Base: Dataset>: AsyncSequence {
  public typealias Element = Base.Element
  let base: Base
  let epoch: Int

  public func makeAsyncIterator() -> Iterator {
    Iterator(runner: Runner(base.makeIterator(epoch: epoch)))
  }

  /// The async iterator: forwards to the dataset iterator on a serial queue.
  public struct Iterator: AsyncIteratorProtocol {
    let runner: Runner

    public mutating func next() async throws -> Element? {
      try await runner.next()
    }
  }

  /// Owns the synchronous iterator; all access happens on `queue`.
  final class Runner: @unchecked Sendable {
    var iterator: Base.Iterator
    let queue = DispatchQueue(label: "reel.async")

    init(_ iterator: Base.Iterator) { self.iterator = iterator }

    func next() async throws -> Element? {
      try await withCheckedThrowingContinuation {
        (continuation: CheckedContinuation<Element?, any Error>) in
        queue.async {
          continuation.resume(with: Result { try self.iterator.next() })
        }
      }
    }
  }
}
