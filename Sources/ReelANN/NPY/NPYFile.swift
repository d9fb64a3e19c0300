import Foundation
import ReelRecommenders
import ReelTensor

/// Reading and writing NumPy `.npy` files: float matrices (embeddings, queries) and integer id
/// vectors, so vectors can move between Reel, NumPy, faiss and ScaNN.
///
///     let items = try NPYFile.readMatrix(URL(fileURLWithPath: "items.npy"))   // [n, d]
///     let ids = try NPYFile.readIDs(URL(fileURLWithPath: "ids.npy"))
///     try NPYFile.write(items, to: URL(fileURLWithPath: "copy.npy"))
///
/// Reads little-endian C-order data of type `<f4` or `<f8` (converted to `Float`) for
/// matrices and `<i8`, `<i4`, `<u8`, `<u4` for ids. Errors name the file and say what is wrong
/// (Fortran order, a type that is not supported, truncated data).
public enum NPYFile {
  /// The 2-D float array in `url`, as a `[rows, columns]` tensor. A 1-D array is read as one
  /// row.
  ///
  /// - Throws: ``RecommenderError`` naming the file when it is not a `.npy` file, is in
  ///   Fortran order, holds a type other than `<f4`/`<f8`, has more than 2 dimensions or is
  ///   truncated; the file system's error when it cannot be read.
  /// - Complexity: O(file size).
  public static func readMatrix(_ url: URL) throws -> Tensor {
    let data = try Data(contentsOf: url, options: .mappedIfSafe)
    return try data.withUnsafeBytes { raw in
      let header = try checkedHeader(raw, file: url.path, kinds: ["<f4", "<f8"], what: "float")
      guard header.shape.count <= 2 else {
        throw RecommenderError(
          component: url.path,
          reason: "expected a 2-D array, got shape \(header.shape)")
      }
      let shape = header.shape.count == 2 ? header.shape : [1, header.shape.first ?? 1]
      var tensor = Tensor(shape: shape, repeating: 0)
      let base = header.dataOffset
      tensor.withUnsafeMutableBufferPointer { out in
        if header.descr == "<f4" {
          for i in 0..<out.count {
            out[i] = Float(
              bitPattern: UInt32(
                littleEndian: raw.loadUnaligned(
                  fromByteOffset: base + 4 * i, as: UInt32.self)))
          }
        } else {
          for i in 0..<out.count {
            out[i] = Float(
              Double(
                bitPattern: UInt64(
                  littleEndian: raw.loadUnaligned(
                    fromByteOffset: base + 8 * i, as: UInt64.self))))
          }
        }
      }
      return tensor
    }
  }

  /// The 1-D integer array in `url` (an `[n, 1]` column is accepted too) as `Int64`s.
  ///
  /// - Throws: ``RecommenderError`` naming the file when it is not a `.npy` file, is in
  ///   Fortran order, holds a type other than `<i8`/`<i4`/`<u8`/`<u4`, is not a vector, holds
  ///   a `UInt64` above `Int64.max`, or is truncated.
  public static func readIDs(_ url: URL) throws -> [Int64] {
    let (values, shape) = try readIntegers(url)
    guard shape.count == 1 || (shape.count == 2 && shape[1] == 1) else {
      throw RecommenderError(
        component: url.path, reason: "expected a 1-D id vector, got shape \(shape)")
    }
    return values
  }

  /// The integer array in `url` (any shape, C order) as `Int64`s and its shape, e.g. the
  /// `[queries, k]` ids `reel index query --out` writes.
  ///
  /// - Throws: as ``readIDs(_:)``, except that any shape is accepted.
  public static func readIntegers(_ url: URL) throws -> (values: [Int64], shape: [Int]) {
    let data = try Data(contentsOf: url, options: .mappedIfSafe)
    return try data.withUnsafeBytes { raw in
      let header = try checkedHeader(
        raw, file: url.path, kinds: ["<i8", "<i4", "<u8", "<u4"], what: "integer")
      let base = header.dataOffset
      let n = header.elementCount
      let values: [Int64]
      switch header.descr {
      case "<i8":
        values = (0..<n).map {
          Int64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 8 * $0, as: Int64.self))
        }
      case "<i4":
        values = (0..<n).map {
          Int64(
            Int32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * $0, as: Int32.self)))
        }
      case "<u4":
        values = (0..<n).map {
          Int64(
            UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4 * $0, as: UInt32.self)))
        }
      default:
        values = try (0..<n).map {
          let v = UInt64(
            littleEndian: raw.loadUnaligned(fromByteOffset: base + 8 * $0, as: UInt64.self))
          guard let id = Int64(exactly: v) else {
            throw RecommenderError(
              component: url.path, reason: "id \(v) at position \($0) does not fit in Int64")
          }
          return id
        }
      }
      return (values, header.shape)
    }
  }

  /// Writes `tensor` (any rank) as a C-order `<f4` array.
  ///
  /// - Throws: the file system's error when the file cannot be written.
  public static func write(_ tensor: Tensor, to url: URL) throws {
    var bytes = NPYHeader(descr: "<f4", shape: tensor.shape).encoded()
    bytes.reserveCapacity(bytes.count + 4 * tensor.scalarCount)
    tensor.withUnsafeBufferPointer { values in
      for v in values { withUnsafeBytes(of: v.bitPattern.littleEndian) { bytes += $0 } }
    }
    try AtomicFile.write(Data(bytes), to: url)
  }

  /// Writes `values` as a C-order `<i8` array of `shape` (default: a vector).
  ///
  /// - Precondition: `shape`'s product is `values.count`.
  public static func write(int64 values: [Int64], shape: [Int]? = nil, to url: URL) throws {
    let shape = shape ?? [values.count]
    precondition(shape.reduce(1, *) == values.count, "NPYFile.write: shape does not match")
    var bytes = NPYHeader(descr: "<i8", shape: shape).encoded()
    bytes.reserveCapacity(bytes.count + 8 * values.count)
    for v in values { withUnsafeBytes(of: v.littleEndian) { bytes += $0 } }
    try AtomicFile.write(Data(bytes), to: url)
  }

  /// The parsed header, after checking the order, the type and that the data is all there.
  private static func checkedHeader(
    _ raw: UnsafeRawBufferPointer, file: String, kinds: [String], what: String
  ) throws -> NPYHeader {
    let header = try NPYHeader(parsing: raw, file: file)
    guard !header.fortranOrder else {
      throw RecommenderError(
        component: file,
        reason: "the array is in Fortran order; save it in C order (np.ascontiguousarray)")
    }
    guard kinds.contains(header.descr), let size = header.elementSize else {
      throw RecommenderError(
        component: file,
        reason: "dtype \(header.descr) is not supported for \(what) data (expected one of "
          + "\(kinds.joined(separator: ", ")))")
    }
    var cells = 1
    for dim in header.shape {
      let (product, overflow) = cells.multipliedReportingOverflow(by: dim)
      guard !overflow, product <= raw.count else {
        throw RecommenderError(
          component: file,
          reason: "truncated: shape \(header.shape) needs more than the \(raw.count) bytes present")
      }
      cells = product
    }
    let needed = header.dataOffset + size * cells
    guard raw.count >= needed else {
      throw RecommenderError(
        component: file,
        reason: "truncated: \(raw.count) bytes, shape \(header.shape) of \(header.descr) needs "
          + "\(needed)")
    }
    return header
  }
}
