/// An error raised by a pipeline stage. It says which stage, which element and why.
///
/// Errors thrown by user closures (a `map` function, a predicate) are wrapped in
/// ``stage(_:elementIndex:underlying:)`` with the index of the input element within the pass;
/// errors that already say where they happened (``LocatedError``: `PipelineError`s, shard
/// errors naming a file and block) pass through unchanged, so the consumer sees the innermost
/// place that failed.
public enum PipelineError: Error, CustomStringConvertible, Sendable {
  /// A stage's function threw while processing input element `elementIndex` (0-based, within
  /// the pass).
  case stage(String, elementIndex: Int, underlying: any Error)
  /// An argument is out of range, for example a batch size of 0.
  case invalidArgument(stage: String, String)
  /// The stage cannot record its position (for example a non-deterministic parallel map).
  case notCheckpointable(stage: String, reason: String)
  /// A saved state does not fit this pipeline.
  case invalidState(stage: String, String)
  /// A source file could not be read.
  case io(path: String, String)

  public var description: String {
    switch self {
    case .stage(let name, let index, let underlying):
      return "\(name): element \(index): \(underlying)"
    case .invalidArgument(let stage, let message):
      return "\(stage): invalid argument: \(message)"
    case .notCheckpointable(let stage, let reason):
      return "\(stage): cannot save iterator state: \(reason)"
    case .invalidState(let stage, let message):
      return "\(stage): invalid saved state: \(message)"
    case .io(let path, let message):
      return "\(path): \(message)"
    }
  }

  /// Runs `body`; an error it throws becomes ``stage(_:elementIndex:underlying:)`` unless it
  /// already is a `PipelineError`.
  @inlinable
  public static func wrap<T>(_ stage: String, _ index: Int, _ body: () throws -> T) throws -> T {
    do {
      return try body()
    } catch {
      throw located(error, stage: stage, index: index)
    }
  }

  /// `error` as thrown at element `index` of `stage`: wrapped in ``stage(_:elementIndex:underlying:)``
  /// unless it is a ``LocatedError`` that already says where it happened.
  @inlinable
  public static func located(_ error: any Error, stage: String, index: Int) -> any Error {
    if error is any LocatedError { return error }
    return PipelineError.stage(stage, elementIndex: index, underlying: error)
  }
}

/// An error that already names where it happened (a stage and element, or a file and block).
/// Pipeline stages pass such errors through unchanged instead of wrapping them again.
public protocol LocatedError: Error {}

extension PipelineError: LocatedError {}

/// Validates a stage argument when the pipeline is built. An invalid argument does not crash:
/// the stage records the error and its iterator throws it from the first `next()`, so the
/// consumer gets a clear ``PipelineError/invalidArgument(stage:_:)``.
@inlinable
func argumentError(
  _ valid: Bool, _ stage: String, _ message: @autoclosure () -> String
) -> PipelineError? {
  valid ? nil : PipelineError.invalidArgument(stage: stage, message())
}
