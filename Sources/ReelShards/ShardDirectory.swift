import Foundation

/// Reading and writing `manifest.json`.
enum ShardDirectory {
  static func manifestPath(_ directory: String) -> String {
    (directory as NSString).appendingPathComponent(ShardFormat.manifestName)
  }

  /// Reads and checks a dataset's manifest.
  static func readManifest(_ directory: String) throws -> ShardManifest {
    let path = manifestPath(directory)
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ShardError.notADataset(path: directory)
    }
    let manifest: ShardManifest
    do {
      manifest = try JSONDecoder().decode(ShardManifest.self, from: data)
    } catch {
      if let version = (try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["version"] as? Int,
        version != Int(ShardFormat.version)
      {
        throw ShardError.unsupportedVersion(path: path, version: version)
      }
      throw ShardError.corrupt(path: path, block: nil, reason: "invalid manifest: \(error)")
    }
    guard manifest.format == "reel-shards" else {
      throw ShardError.corrupt(path: path, block: nil, reason: "format is '\(manifest.format)', not 'reel-shards'")
    }
    guard manifest.version == Int(ShardFormat.version) else {
      throw ShardError.unsupportedVersion(path: path, version: manifest.version)
    }
    for shard in manifest.shards where shard.file.contains("/") || shard.file.hasPrefix(".") {
      throw ShardError.corrupt(path: path, block: nil, reason: "shard name '\(shard.file)' is not a plain file name")
    }
    return manifest
  }

  /// Writes the manifest atomically (temporary file, fsync, rename, directory fsync).
  static func writeManifest(_ manifest: ShardManifest, to directory: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
    try FileIO.writeAtomically(Array(try encoder.encode(manifest)), to: manifestPath(directory))
  }
}
