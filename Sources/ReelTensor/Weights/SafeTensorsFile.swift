import Foundation

/// The contents of a safetensors file (the format of Hugging Face's `safetensors` package):
/// named tensors and a string-to-string metadata map.
///
/// A file is an 8-byte little-endian header length, a JSON header giving each tensor's dtype,
/// shape and `data_offsets`, plus an optional `"__metadata__"` map of strings, then the raw
/// little-endian values in row-major order. Python opens Reel's files with
/// `safetensors.numpy.load_file(path)`, and Reel reads files that `save_file` wrote, as long
/// as their tensors are `F32` or `I64`.
///
///     var file = SafeTensorsFile()
///     file.tensors["movie/embeddings"] = .float32(table)
///     file.metadata["format"] = "reel"
///     try file.write(to: url)                       // atomic: temp file, fsync, rename
///     let back = try SafeTensorsFile(contentsOf: url)
///     back.tensors["movie/embeddings"]?.floatTensor == table   // true
public struct SafeTensorsFile: Equatable {
  /// The tensors by name.
  public var tensors: [String: SafeTensorsValue]
  /// Free-form string metadata (`"__metadata__"` in the header).
  public var metadata: [String: String]

  /// A file of `tensors` and `metadata`.
  public init(tensors: [String: SafeTensorsValue] = [:], metadata: [String: String] = [:]) {
    self.tensors = tensors
    self.metadata = metadata
  }

  /// Reads and checks the file at `url`.
  ///
  /// - Throws: ``WeightFileError`` naming the file when it cannot be read, is truncated, or
  ///   its header is corrupt or describes anything but a gap-free run of `F32`/`I64` tensors.
  /// - Complexity: O(file size); each tensor is read straight into its own storage.
  public init(contentsOf url: URL) throws {
    let file = try WeightInputFile(path: url.path)
    let (header, dataStart) = try SafeTensorsHeader.read(from: file)
    var tensors: [String: SafeTensorsValue] = [:]
    for entry in header.entries {
      let offset = dataStart + entry.begin
      switch entry.dtype {
      case "F32":
        var tensor = Tensor(shape: entry.shape)
        try tensor.withUnsafeMutableBufferPointer { buffer in
          try file.read(into: UnsafeMutableRawBufferPointer(buffer), at: offset)
          #if _endian(big)
            for i in buffer.indices {
              buffer[i] = Float(bitPattern: UInt32(littleEndian: buffer[i].bitPattern))
            }
          #endif
        }
        tensors[entry.name] = .float32(tensor)
      default:  // "I64": the header accepts no other dtype
        var values = [Int64](repeating: 0, count: (entry.end - entry.begin) / 8)
        try values.withUnsafeMutableBytes { try file.read(into: $0, at: offset) }
        tensors[entry.name] = .int64(
          shape: entry.shape, values: values.map { Int64(littleEndian: $0) })
      }
    }
    self.init(tensors: tensors, metadata: header.metadata)
  }

  /// Writes the file to `url` atomically: into a hidden temporary file in the same folder,
  /// fsync, then a rename over `url` (and an fsync of the folder). A failure leaves any
  /// existing file at `url` unchanged.
  ///
  /// - Throws: ``WeightFileError`` when a name is empty or `"__metadata__"`, or writing fails.
  public func write(to url: URL) throws {
    for name in tensors.keys where name.isEmpty || name == "__metadata__" {
      throw WeightFileError(path: url.path, reason: "'\(name)' cannot name a tensor")
    }
    let header = SafeTensorsHeader(laying: tensors, metadata: metadata)
    try WeightFileIO.writeAtomically(to: url.path) { append in
      try header.encoded().withUnsafeBytes { try append($0) }
      for entry in header.entries {
        switch tensors[entry.name]! {
        case .float32(let t):
          #if _endian(big)
            let swapped = t.scalars.map { $0.bitPattern.littleEndian }
            try swapped.withUnsafeBytes { try append($0) }
          #else
            try t.withUnsafeBufferPointer { try append(UnsafeRawBufferPointer($0)) }
          #endif
        case .int64(_, let values):
          try values.map { $0.littleEndian }.withUnsafeBytes { try append($0) }
        }
      }
    }
  }
}
