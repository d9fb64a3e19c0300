import ReelPipeline

/// An error reading or writing shards. Every case names the file and, where it applies, the
/// block, and says why.
public enum ShardError: Error, LocatedError, CustomStringConvertible, Equatable, Sendable {
  /// The file is not a valid shard or dataset (bad magic, truncated, malformed structure).
  case corrupt(path: String, block: Int?, reason: String)
  /// A checksum does not match: the data changed on disk.
  case checksumMismatch(path: String, block: Int?, expected: UInt32, actual: UInt32)
  /// The file was written by an unknown version of the format.
  case unsupportedVersion(path: String, version: Int)
  /// The shard's schema is not the manifest's.
  case schemaMismatch(path: String, reason: String)
  /// A dataset already exists where a writer was asked not to overwrite.
  case alreadyExists(path: String)
  /// No dataset (no manifest.json) at the path.
  case notADataset(path: String)
  /// The batches written do not fit the schema.
  case invalidInput(String)
  /// An operating-system call failed.
  case io(path: String, operation: String, reason: String)
  /// A row or block index out of range.
  case outOfRange(String)

  public var description: String {
    switch self {
    case let .corrupt(path, block, reason):
      return "\(path)\(block.map { " block \($0)" } ?? ""): corrupt: \(reason)"
    case let .checksumMismatch(path, block, expected, actual):
      return "\(path)\(block.map { " block \($0)" } ?? ""): checksum mismatch: expected "
        + "\(hex(expected)), found \(hex(actual))"
    case let .unsupportedVersion(path, version):
      return "\(path): unsupported format version \(version) (this Reel reads version 1)"
    case let .schemaMismatch(path, reason): return "\(path): schema mismatch: \(reason)"
    case let .alreadyExists(path):
      return "\(path): a dataset already exists (pass overwrite to replace it)"
    case let .notADataset(path): return "\(path): not a Reel dataset (no manifest.json)"
    case let .invalidInput(reason): return "invalid input: \(reason)"
    case let .io(path, operation, reason): return "\(path): \(operation) failed: \(reason)"
    case let .outOfRange(reason): return "out of range: \(reason)"
    }
  }
}

func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
