import ReelPipeline

/// Any Reel preprocessing layer with its state: the element type of a ``Preprocessor``,
/// saved as `{"type": "StringLookup", "layer": {...}}`.
public enum PreprocessingLayer: Codable, Sendable, Equatable {
  case stringLookup(StringLookup)
  case integerLookup(IntegerLookup)
  case normalization(Normalization)
  case discretization(Discretization)
  case hashing(Hashing)
  case hashedCrossing(HashedCrossing)
  case textVectorization(TextVectorization)

  /// The layer as a column transform.
  public var columnLayer: any ColumnLayer {
    switch self {
    case .stringLookup(let layer): return layer
    case .integerLookup(let layer): return layer
    case .normalization(let layer): return layer
    case .discretization(let layer): return layer
    case .hashing(let layer): return layer
    case .hashedCrossing(let layer): return layer
    case .textVectorization(let layer): return layer
    }
  }

  /// A one-line description: the layer and the size of its state.
  public var summary: String {
    switch self {
    case .stringLookup(let layer): return "StringLookup, \(layer.vocabularySize) entries, \(layer.outputMode.rawValue)"
    case .integerLookup(let layer): return "IntegerLookup, \(layer.vocabularySize) entries, \(layer.outputMode.rawValue)"
    case .normalization(let layer): return "Normalization, \(layer.features) feature(s)"
    case .discretization(let layer): return "Discretization, \(layer.binCount) bins"
    case .hashing(let layer): return "Hashing, \(layer.numBins) bins, \(layer.outputMode.rawValue)"
    case .hashedCrossing(let layer): return "HashedCrossing, \(layer.numBins) bins, \(layer.outputMode.rawValue)"
    case .textVectorization(let layer): return "TextVectorization, \(layer.vocabularySize) entries, \(layer.outputMode.rawValue)"
    }
  }

  private enum CodingKeys: String, CodingKey { case type, layer }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let type = try container.decode(String.self, forKey: .type)
    switch type {
    case "StringLookup": self = .stringLookup(try container.decode(StringLookup.self, forKey: .layer))
    case "IntegerLookup": self = .integerLookup(try container.decode(IntegerLookup.self, forKey: .layer))
    case "Normalization": self = .normalization(try container.decode(Normalization.self, forKey: .layer))
    case "Discretization": self = .discretization(try container.decode(Discretization.self, forKey: .layer))
    case "Hashing": self = .hashing(try container.decode(Hashing.self, forKey: .layer))
    case "HashedCrossing": self = .hashedCrossing(try container.decode(HashedCrossing.self, forKey: .layer))
    case "TextVectorization": self = .textVectorization(try container.decode(TextVectorization.self, forKey: .layer))
    default: throw PreprocessingError.invalidState(layer: "Preprocessor", "unknown layer type '\(type)'")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(columnLayer.layerName, forKey: .type)
    switch self {
    case .stringLookup(let layer): try container.encode(layer, forKey: .layer)
    case .integerLookup(let layer): try container.encode(layer, forKey: .layer)
    case .normalization(let layer): try container.encode(layer, forKey: .layer)
    case .discretization(let layer): try container.encode(layer, forKey: .layer)
    case .hashing(let layer): try container.encode(layer, forKey: .layer)
    case .hashedCrossing(let layer): try container.encode(layer, forKey: .layer)
    case .textVectorization(let layer): try container.encode(layer, forKey: .layer)
    }
  }
}
