/// A weight file that cannot be written, read or applied: which file, and why.
///
///     // WeightFileError(path: "model.safetensors", reason: "truncated: ...")
///     // description: "model.safetensors: truncated: ..."
public struct WeightFileError: Error, CustomStringConvertible, Equatable {
  /// The file's path.
  public let path: String
  /// What was wrong, in words; several differences are listed one per line.
  public let reason: String

  /// An error about `path` for `reason`.
  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  public var description: String { "\(path): \(reason)" }
}
