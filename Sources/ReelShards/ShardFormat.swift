import ReelPipeline

/// Constants and on-disk records of the shard format (Docs/ShardFormat.md).
enum ShardFormat {
  static let version: UInt32 = 1
  static let headerMagic = Array("REELSHRD".utf8)
  static let trailerMagic = Array("REELTAIL".utf8)
  static let headerSize = 16
  static let trailerSize = 32
  static let manifestName = "manifest.json"
  static let shardExtension = "reelshard"
}

/// One block in a shard footer.
struct BlockEntry: Codable, Equatable {
  var offset: Int
  var length: Int
  var rows: Int
  var firstRow: Int
  var uncompressed: Int
  var crc32c: UInt32

  enum CodingKeys: String, CodingKey {
    case offset, length, rows, uncompressed, crc32c
    case firstRow = "first_row"
  }
}

/// The JSON footer of a shard file.
struct ShardFooter: Codable {
  var format = "reel-shard"
  var version = Int(ShardFormat.version)
  var schema: [FeatureSpec]
  var rows: Int
  var blocks: [BlockEntry]
}

/// A dataset's `manifest.json`.
public struct ShardManifest: Codable, Sendable {
  /// One shard file of the dataset.
  public struct Shard: Codable, Sendable, Equatable {
    public var file: String
    public var rows: Int
    public var bytes: Int
    public var blocks: Int
    public var crc32c: UInt32
  }

  public var format = "reel-shards"
  public var version = Int(ShardFormat.version)
  public var schema: [FeatureSpec]
  public var rows: Int
  public var bytes: Int
  public var zstdLevel: Int
  public var fingerprint: String
  public var created: String
  public var shards: [Shard]
  public var metadata: [String: JSONValue]

  enum CodingKeys: String, CodingKey {
    case format, version, schema, rows, bytes, fingerprint, created, shards, metadata
    case zstdLevel = "zstd_level"
  }
}

// MARK: - Little-endian byte helpers

extension Array where Element == UInt8 {
  mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
    Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
  }
}

extension UnsafeRawBufferPointer {
  func loadLE<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
    T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
  }
}
