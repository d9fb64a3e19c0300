/// Keras `Embedding`: a trainable `[inputDim, outputDim]` table whose rows are looked up by
/// integer id. Its gradient is sparse (only the looked-up rows).
///
/// With `maskZero`, id 0 is padding: ``mask(for:)`` marks it false for later masked layers
/// (its row is still looked up, as in Keras, so `inputDim` counts it).
///
///     var rng = SplitMix64(seed: 42)
///     let movies = Embedding(inputDim: 1683, outputDim: 32, name: "movie", using: &rng)
///     let tape = Tape()
///     let vectors = try movies([5, 9, 5], tape: tape)   // shape [3, 32]
public struct Embedding: Layer {
  /// The table, initialised uniform in `[-0.05, 0.05)` (Keras's default).
  public let table: Parameter
  /// Whether id 0 is padding (Keras `mask_zero`).
  public let maskZero: Bool
  /// The layer's name, used in errors and as the parameter name prefix.
  public let name: String
  /// Keras `embeddings_regularizer`: its penalty reads the whole table, so the table's
  /// gradient becomes dense (as in Keras).
  public let embeddingsRegularizer: L2?

  /// A layer with a new table drawn from `rng`.
  public init<G: RandomNumberGenerator>(
    inputDim: Int, outputDim: Int, maskZero: Bool = false, embeddingsRegularizer: L2? = nil,
    name: String = "embedding", using rng: inout G
  ) {
    let values = Initializers.uniform(
      shape: [inputDim, outputDim], in: -0.05..<0.05, using: &rng)
    self.init(
      table: Parameter(name: "\(name)/embeddings", value: values), maskZero: maskZero,
      embeddingsRegularizer: embeddingsRegularizer, name: name)
  }

  /// A layer around an existing table (for example loaded weights).
  public init(
    table: Parameter, maskZero: Bool = false, embeddingsRegularizer: L2? = nil,
    name: String = "embedding"
  ) {
    precondition(table.value.rank == 2, "Embedding \(name): table must be [inputDim, outputDim]")
    self.table = table
    self.maskZero = maskZero
    self.embeddingsRegularizer = embeddingsRegularizer
    self.name = name
  }

  /// The number of ids the table holds.
  public var inputDim: Int { table.value.shape[0] }
  /// The size of each vector.
  public var outputDim: Int { table.value.shape[1] }
  /// The trainable parameters.
  public var parameters: [Parameter] { [table] }

  /// `l·Σ table²` when there is a regularizer.
  public func regularizationLosses(tape: Tape?) -> [Variable] {
    embeddingsRegularizer.penalties(of: table, tape: tape)
  }

  /// The vectors of `ids`, shape `[ids.count, outputDim]`; recorded on `tape` when given
  /// (the table is watched), otherwise a constant.
  ///
  /// - Throws: ``LayerError`` when an id is outside `0..<inputDim`.
  public func callAsFunction(_ ids: [Int32], tape: Tape?) throws -> Variable {
    let bound = inputDim
    if let bad = ids.first(where: { $0 < 0 || Int($0) >= bound }) {
      throw LayerError(layer: name, reason: "id \(bad) is not in [0, \(bound))")
    }
    let source = tape.map { $0.watch(table) } ?? Variable(constant: table.value)
    return source.gather(rows: ids)
  }

  /// The vectors of a `[batch, time]` block of ids, shape `[batch, time, outputDim]`.
  ///
  /// - Throws: ``LayerError`` when an id is out of range or `ids` does not fill the shape.
  public func callAsFunction(_ ids: [Int32], batch: Int, time: Int, tape: Tape?) throws
    -> Variable
  {
    guard ids.count == batch * time else {
      throw LayerError(layer: name, reason: "\(ids.count) ids do not fill [\(batch), \(time)]")
    }
    return try self(ids, tape: tape).reshaped([batch, time, outputDim])
  }

  /// Keras's mask for `ids`: false where the id is 0, when `maskZero`; nil otherwise.
  ///
  ///     // maskZero: [3, 0, 7] → [true, false, true]
  public func mask(for ids: [Int32]) -> [Bool]? {
    maskZero ? ids.map { $0 != 0 } : nil
  }
}
