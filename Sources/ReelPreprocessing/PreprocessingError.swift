import ReelPipeline

/// An error adapting or applying a preprocessing layer: which layer and why.
public enum PreprocessingError: Error, LocatedError, CustomStringConvertible, Equatable, Sendable {
  /// The layer was asked to adapt on no data, or used before it was adapted.
  case notAdapted(layer: String)
  /// An argument is out of range (for example `maxTokens` smaller than the reserved slots).
  case invalidArgument(layer: String, String)
  /// An input the layer cannot process (NaN, an out-of-vocabulary token without OOV slots).
  case invalidInput(layer: String, String)
  /// Saved state that does not fit the layer.
  case invalidState(layer: String, String)

  public var description: String {
    switch self {
    case .notAdapted(let layer): return "\(layer): not adapted (adapt on data or pass the state)"
    case let .invalidArgument(layer, message): return "\(layer): invalid argument: \(message)"
    case let .invalidInput(layer, message): return "\(layer): invalid input: \(message)"
    case let .invalidState(layer, message): return "\(layer): invalid saved state: \(message)"
    }
  }
}
