import Foundation

/// A file being written: buffered appends, then a summary of what was written.
///
///     let file = try OutputFile(folder: dir, name: "u.info", top: "ml-100k")
///     try file.write(Array("943 users\n".utf8))
///     let summary = try file.close()   // ml-100k/u.info, 10 bytes, 1 line
final class OutputFile {
  private let handle: FileHandle
  private let path: String
  private let url: URL
  private var bytes = 0
  private var lines = 0

  init(folder: URL, name: String, top: String) throws {
    url = folder.appendingPathComponent(name)
    path = top + "/" + name
    guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
      throw MovieLensError.io(path: url.path, reason: "cannot create the file")
    }
    do {
      handle = try FileHandle(forWritingTo: url)
    } catch {
      throw MovieLensError.io(path: url.path, reason: "cannot open for writing: \(error)")
    }
  }

  func write(_ data: [UInt8]) throws {
    guard !data.isEmpty else { return }
    bytes += data.count
    for byte in data where byte == 0x0A { lines += 1 }
    do {
      try handle.write(contentsOf: data)
    } catch {
      throw MovieLensError.io(path: url.path, reason: "write failed: \(error)")
    }
  }

  func close() throws -> MovieLensSynthesizer.WrittenFile {
    do {
      try handle.close()
    } catch {
      throw MovieLensError.io(path: url.path, reason: "close failed: \(error)")
    }
    return MovieLensSynthesizer.WrittenFile(path: path, bytes: bytes, lines: lines)
  }

  /// Writes a whole file at once.
  static func write(
    _ data: [UInt8], folder: URL, name: String, top: String
  ) throws -> MovieLensSynthesizer.WrittenFile {
    let file = try OutputFile(folder: folder, name: name, top: top)
    try file.write(data)
    return try file.close()
  }
}

/// Fixed-size result slots filled from `DispatchQueue.concurrentPerform` workers; each
/// worker writes only its own indices.
final class ParallelSlots<Element>: @unchecked Sendable {
  private let storage: UnsafeMutableBufferPointer<Element>

  init(count: Int, initial: Element) {
    storage = .allocate(capacity: count)
    storage.initialize(repeating: initial)
  }

  deinit {
    _ = storage.deinitialize()
    storage.deallocate()
  }

  subscript(index: Int) -> Element {
    get { storage[index] }
    set { storage[index] = newValue }
  }
}
