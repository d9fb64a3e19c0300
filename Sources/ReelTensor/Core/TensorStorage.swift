/// The heap buffer behind one or more ``Tensor`` values: a 64-byte aligned run of `Float`s.
///
/// All pointer ownership lives here. A tensor holds a storage, an offset into it and a
/// shape; copies of a tensor share the storage until one of them is written to
/// (copy-on-write, decided with `isKnownUniquelyReferenced`).
final class TensorStorage: @unchecked Sendable {
  /// The first element. Valid for `capacity` elements; uninitialized memory is never read
  /// because every initializer of `Tensor` writes all of its elements.
  let base: UnsafeMutablePointer<Float>
  /// The number of elements the buffer holds.
  let capacity: Int

  /// A buffer of `capacity` elements whose contents the caller must write before reading.
  init(uninitializedCapacity capacity: Int) {
    precondition(capacity >= 0, "Tensor: negative element count \(capacity)")
    self.capacity = capacity
    let bytes = max(capacity, 1) * MemoryLayout<Float>.stride
    let raw =
      LargeBufferCache.take(byteCount: bytes)
      ?? UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
    base = raw.bindMemory(to: Float.self, capacity: max(capacity, 1))
  }

  /// A buffer holding a copy of `count` elements starting at `source`.
  convenience init(copying source: UnsafePointer<Float>, count: Int) {
    self.init(uninitializedCapacity: count)
    base.update(from: source, count: count)
  }

  deinit {
    LargeBufferCache.release(
      UnsafeMutableRawPointer(base), byteCount: max(capacity, 1) * MemoryLayout<Float>.stride)
  }
}
