import Foundation
import ZIPFoundation

extension MovieLensSynthesizer {
  /// The release's download name: `ml-100k.zip`, `ml-10m.zip` (whose folder is
  /// `ml-10M100K/`), `ml-latest-small.zip`.
  public var zipName: String { "\(configuration.release).zip" }

  /// Zips `directory/<topFolder>/` (written by ``write(to:)``) into `directory/<zipName>`:
  /// a stored directory entry first, then every file, deflated, in name order, all dated
  /// 2000-01-01 00:00 UTC so that the archive's bytes depend only on the files.
  ///
  ///     try synth.write(to: out)
  ///     try synth.writeZip(to: out)   // out/ml-latest-small.zip
  ///
  /// - Throws: ``MovieLensError/io(path:reason:)``.
  @discardableResult
  public func writeZip(to directory: URL) throws -> WrittenFile {
    let top = configuration.release.topFolder
    let folder = directory.appendingPathComponent(top)
    let zipURL = directory.appendingPathComponent(zipName)
    let fixedDate = Date(timeIntervalSince1970: 946_684_800)
    do {
      if FileManager.default.fileExists(atPath: zipURL.path) {
        try FileManager.default.removeItem(at: zipURL)
      }
      let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
      let archive = try Archive(url: zipURL, accessMode: .create)
      try archive.addEntry(
        with: top + "/", type: .directory, uncompressedSize: 0, modificationDate: fixedDate,
        provider: { (_: Int64, _: Int) in Data() })
      for name in names {
        let fileURL = folder.appendingPathComponent(name)
        let handle = try FileHandle(forReadingFrom: fileURL)
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        try archive.addEntry(
          with: top + "/" + name, type: .file, uncompressedSize: Int64(size),
          modificationDate: fixedDate, compressionMethod: .deflate,
          provider: { (position: Int64, chunk: Int) in
            try handle.seek(toOffset: UInt64(position))
            return try handle.read(upToCount: chunk) ?? Data()
          })
      }
    } catch {
      throw MovieLensError.io(path: zipURL.path, reason: "cannot write the zip: \(error)")
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: zipURL.path)[.size] as? Int)
    return WrittenFile(path: zipName, bytes: size ?? 0, lines: 0)
  }
}
