/// Keras `GlobalAveragePooling1D`: the mean over the time axis of `[batch, time, features]`,
/// counting only the steps whose mask is true when a mask is given (the mask of an
/// `Embedding(maskZero: true)`, as the TFRS tutorials pair them for movie titles).
///
///     let pool = GlobalAveragePooling1D()
///     let titles = try words(ids, batch: 2, time: 5, tape: tape)       // [2, 5, 32]
///     let vectors = try pool(titles, mask: words.mask(for: ids))       // [2, 32]
///
/// A row whose mask is all false gives zeros (Keras gives NaN, dividing 0 by 0).
public struct GlobalAveragePooling1D: UnaryLayer {
  /// The layer's name (in errors).
  public let name: String

  /// A pooling layer.
  public init(name: String = "global_average_pooling1d") {
    self.name = name
  }

  /// Pooling has no weights.
  public var parameters: [Parameter] { [] }

  /// The (masked) mean over axis 1 of `x`; see ``maskedMean(_:mask:)-(Variable,_)``.
  ///
  /// - Throws: ``LayerError`` when `x` is not rank 3 or the mask does not have one entry per
  ///   `[batch, time]` position.
  /// - Complexity: O(batch · time · features).
  public func callAsFunction(_ x: Variable, mask: [Bool]?) throws -> Variable {
    guard x.value.rank == 3 else {
      throw LayerError(layer: name, reason: "input shape \(x.shape) is not [batch, time, features]")
    }
    guard let mask = mask else { return x.mean(alongAxes: [1]) }
    guard mask.count == x.shape[0] * x.shape[1] else {
      throw LayerError(
        layer: name,
        reason: "mask has \(mask.count) entries for [\(x.shape[0]), \(x.shape[1])] steps")
    }
    return maskedMean(x, mask: mask)
  }

  /// The unmasked mean over axis 1 of `x`.
  public func callAsFunction(_ x: Variable, tape: Tape?, training: Bool) throws -> Variable {
    try self(x, mask: nil)
  }
}
