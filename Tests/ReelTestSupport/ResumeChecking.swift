import Foundation
import ReelPipeline
import XCTest

/// Checks exact resume: for every `k` in `positions`, runs a pass for `k` elements, saves the
/// iterator state as JSON, restores it into a new iterator and checks that the elements before
/// plus the restored elements equal the uninterrupted pass.
///
/// - Returns: the uninterrupted pass, for further checks.
@discardableResult
public func assertExactResume<D: Dataset>(
  _ dataset: D, epoch: Int = 0, positions: [Int]? = nil,
  file: StaticString = #filePath, line: UInt = #line
) throws -> [D.Element] where D.Element: Equatable {
  let full = try dataset.collect(epoch: epoch)
  let ks = positions ?? Array(0...full.count)
  for k in ks {
    var iterator = dataset.makeIterator(epoch: epoch)
    var prefix: [D.Element] = []
    for _ in 0..<k {
      guard let value = try iterator.next() else { break }
      prefix.append(value)
    }
    let saved = try iterator.saveState()
    var restored = try dataset.makeIterator(restoringFrom: saved)
    var rest: [D.Element] = []
    while let value = try restored.next() { rest.append(value) }
    XCTAssertEqual(
      prefix + rest, full,
      "resume after \(k) elements (state \(String(decoding: saved, as: UTF8.self)))", file: file,
      line: line)
    if prefix + rest != full { break }
  }
  return full
}

/// Collects a dataset, failing the test on error.
public func elements<D: Dataset>(_ dataset: D, epoch: Int = 0) throws -> [D.Element] {
  try dataset.collect(epoch: epoch)
}

/// Asserts that `body` throws a ``PipelineError`` matching `predicate`.
public func assertPipelineError<T>(
  _ body: @autoclosure () throws -> T, file: StaticString = #filePath, line: UInt = #line,
  _ predicate: (PipelineError) -> Bool
) {
  do {
    _ = try body()
    XCTFail("expected an error", file: file, line: line)
  } catch let error as PipelineError {
    XCTAssertTrue(predicate(error), "unexpected error: \(error)", file: file, line: line)
  } catch {
    XCTFail("expected a PipelineError, got \(error)", file: file, line: line)
  }
}

/// A test error with a label.
public struct TestFailure: Error, Equatable, CustomStringConvertible {
  public let label: String
  public init(_ label: String) { self.label = label }
  public var description: String { "TestFailure(\(label))" }
}
