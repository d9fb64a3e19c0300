import Foundation
import ReelPipeline

/// An ordered set of preprocessing steps (layer + input and output columns) that saves to
/// JSON and travels in a shard manifest's metadata, so training and serving apply the same
/// adapted state.
///
///     var users = StringLookup()
///     try users.adapt(train, column: "user_id")
///     var pre = Preprocessor()
///     pre.append(.stringLookup(users), input: "user_id", output: "user_index")
///     options.metadata = pre.attached(to: options.metadata)      // ShardWriterOptions
///     let loaded = try Preprocessor(metadata: manifest.metadata)  // validated
///     let batches = train.preprocess(with: loaded)
///
/// - Complexity: applying costs the sum of the steps' per-value costs.
public struct Preprocessor: Codable, Sendable, Equatable {
  /// One layer applied to named columns.
  public struct Step: Codable, Sendable, Equatable {
    /// Input column names (one for all layers but crossing).
    public var inputs: [String]
    /// The column the result is stored in (replaced if it exists).
    public var output: String
    /// The layer and its adapted state.
    public var layer: PreprocessingLayer

    public init(inputs: [String], output: String, layer: PreprocessingLayer) {
      self.inputs = inputs
      self.output = output
      self.layer = layer
    }
  }

  /// Format version of the JSON form.
  public static let version = 1
  /// The metadata key under which a shard manifest carries a preprocessor.
  public static let metadataKey = "preprocessing"

  /// The steps, applied in order.
  public private(set) var steps: [Step] = []

  /// An empty preprocessor.
  public init() {}

  /// Appends a step reading `input` and writing `output` (by default `input`).
  public mutating func append(_ layer: PreprocessingLayer, input: String, output: String? = nil) {
    steps.append(Step(inputs: [input], output: output ?? input, layer: layer))
  }

  /// Appends a step reading several columns (crossing layers).
  public mutating func append(_ layer: PreprocessingLayer, inputs: [String], output: String) {
    steps.append(Step(inputs: inputs, output: output, layer: layer))
  }

  /// The step writing column `output`, if any.
  public func step(writing output: String) -> Step? { steps.last { $0.output == output } }

  /// Every step compiled, for repeated application.
  public func compiled() throws -> CompiledPreprocessor {
    CompiledPreprocessor(
      steps: try steps.map { step in
        do {
          return (try step.layer.columnLayer.columnTransform(), step.inputs, step.output)
        } catch let error as PreprocessingError {
          throw error.onColumns(step.inputs)
        }
      })
  }

  /// `batch` with every step applied. Compiles on each call; see ``compiled()``.
  public func callAsFunction(_ batch: FeatureBatch) throws -> FeatureBatch { try compiled()(batch) }

  // MARK: JSON and manifests

  private enum CodingKeys: String, CodingKey { case format, version, steps }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let format = try container.decode(String.self, forKey: .format)
    let version = try container.decode(Int.self, forKey: .version)
    guard format == "reel-preprocessor", version == Self.version else {
      throw PreprocessingError.invalidState(
        layer: "Preprocessor", "format '\(format)' version \(version); this Reel reads 'reel-preprocessor' version \(Self.version)")
    }
    steps = try container.decode([Step].self, forKey: .steps)
    for (k, step) in steps.enumerated() where !step.layer.columnLayer.inputCounts.contains(step.inputs.count) {
      throw PreprocessingError.invalidState(
        layer: "Preprocessor", "step \(k) (\(step.layer.columnLayer.layerName)) has \(step.inputs.count) inputs, which the layer does not take")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode("reel-preprocessor", forKey: .format)
    try container.encode(Self.version, forKey: .version)
    try container.encode(steps, forKey: .steps)
  }

  /// The JSON text of this preprocessor (sorted keys, so equal states give equal bytes).
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    return try encoder.encode(self)
  }

  /// Loads and validates a preprocessor from JSON text.
  ///
  /// - Throws: ``PreprocessingError/invalidState(layer:_:)`` naming what does not fit.
  public init(jsonData data: Data) throws {
    do {
      self = try JSONDecoder().decode(Preprocessor.self, from: data)
    } catch let error as PreprocessingError {
      throw error
    } catch {
      throw PreprocessingError.invalidState(layer: "Preprocessor", "unreadable JSON: \(error)")
    }
  }

  /// `metadata` (of a shard manifest or `ShardWriterOptions`) with this preprocessor stored
  /// under ``metadataKey``.
  public func attached(to metadata: [String: JSONValue]) throws -> [String: JSONValue] {
    var out = metadata
    out[Self.metadataKey] = try JSONDecoder().decode(JSONValue.self, from: jsonData())
    return out
  }

  /// The preprocessor a shard manifest carries.
  ///
  /// - Throws: ``PreprocessingError/invalidState(layer:_:)`` when there is none or it does not
  ///   validate.
  public init(metadata: [String: JSONValue]) throws {
    guard let value = metadata[Self.metadataKey] else {
      throw PreprocessingError.invalidState(layer: "Preprocessor", "the metadata has no '\(Self.metadataKey)' entry")
    }
    try self.init(jsonData: try JSONEncoder().encode(value))
  }
}

/// A ``Preprocessor`` with every layer compiled: apply it to many batches.
public struct CompiledPreprocessor: Sendable {
  let steps: [(ColumnTransform, [String], String)]

  /// `batch` with every step applied in order.
  public func callAsFunction(_ batch: FeatureBatch) throws -> FeatureBatch {
    var out = batch
    for (transform, inputs, output) in steps { out = try transform.apply(to: out, inputs: inputs, output: output) }
    return out
  }
}

extension Dataset where Element == FeatureBatch {
  /// Applies every step of `preprocessor` to every batch (compiled once).
  public func preprocess(with preprocessor: Preprocessor) -> Map<Self, FeatureBatch> {
    let compiled = Result { try preprocessor.compiled() }
    return map { batch in try compiled.get()(batch) }
  }
}
