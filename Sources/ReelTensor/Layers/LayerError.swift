/// Bad input to a layer: which layer, and why.
///
///     // LayerError(layer: "embedding", reason: "id 12 is not in [0, 10)")
///     // description: "embedding: id 12 is not in [0, 10)"
public struct LayerError: Error, CustomStringConvertible, Equatable {
  /// The layer's name.
  public let layer: String
  /// What was wrong with the input.
  public let reason: String

  /// An error of `layer` for `reason`.
  public init(layer: String, reason: String) {
    self.layer = layer
    self.reason = reason
  }

  public var description: String { "\(layer): \(reason)" }
}
