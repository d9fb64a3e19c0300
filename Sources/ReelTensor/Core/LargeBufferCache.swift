import Foundation

/// Keeps released large tensor buffers for reuse by the next allocation of the same size.
///
/// glibc returns blocks above 32 MB to the kernel on `free` and maps fresh zeroed pages on
/// the next `malloc`, so every first write to a new 256 MB score matrix pays ~65 000 page
/// faults: as long as the matrix product that fills it. Training repeats the same shapes
/// every step, so reusing the buffers of the previous step removes that cost.
enum LargeBufferCache {
  /// Buffers smaller than this are left to malloc.
  static let minimumBytes = 1 << 20
  /// The most memory held for reuse at once.
  static let limitBytes = 1 << 30

  private static let lock = NSLock()
  private static var buffers: [Int: [UnsafeMutableRawPointer]] = [:]
  private static var heldBytes = 0

  /// A cached buffer of exactly `byteCount` bytes, if one is held.
  static func take(byteCount: Int) -> UnsafeMutableRawPointer? {
    guard byteCount >= minimumBytes else { return nil }
    lock.lock()
    defer { lock.unlock() }
    guard let pointer = buffers[byteCount]?.popLast() else { return nil }
    heldBytes -= byteCount
    return pointer
  }

  /// Keeps `pointer` (of `byteCount` bytes) for reuse, or frees it when it is small or the
  /// cache is full.
  static func release(_ pointer: UnsafeMutableRawPointer, byteCount: Int) {
    if byteCount >= minimumBytes {
      lock.lock()
      if heldBytes + byteCount <= limitBytes {
        buffers[byteCount, default: []].append(pointer)
        heldBytes += byteCount
        lock.unlock()
        return
      }
      lock.unlock()
    }
    pointer.deallocate()
  }

  /// Frees every held buffer.
  static func removeAll() {
    lock.lock()
    let all = buffers.values.flatMap { $0 }
    buffers = [:]
    heldBytes = 0
    lock.unlock()
    for pointer in all { pointer.deallocate() }
  }
}

extension Tensor {
  /// Frees the large buffers ReelTensor keeps after tensors are released (up to 1 GiB, reused
  /// by later tensors of the same size to avoid page faults on fresh memory).
  public static func releaseCachedBuffers() {
    LargeBufferCache.removeAll()
  }
}
