#if canImport(Glibc)
  import Glibc
#endif

/// Large arrays that queries read at random places (the re-scoring vectors, the codes), in
/// memory the kernel may back with 2 MiB pages: one TLB entry then covers 512 times as much,
/// so the scattered reads of a query stop missing the TLB. A hint only (Linux
/// `madvise(MADV_HUGEPAGE)`, used when transparent huge pages are in `madvise` mode); the
/// contents are the same either way.
enum HugePages {
  /// An array of `count` elements, advised before its pages are first touched, filled by
  /// `initialize` (which must set every element).
  ///
  /// - Complexity: O(count).
  static func array<Element>(
    count: Int, initialize: (UnsafeMutableBufferPointer<Element>) -> Void
  ) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { buffer, initialized in
      advise(UnsafeMutableRawBufferPointer(buffer))
      initialize(buffer)
      initialized = count
    }
  }

  /// Advises the whole 2 MiB-aligned pages inside `region` (nothing when there are none).
  static func advise(_ region: UnsafeMutableRawBufferPointer) {
    #if os(Linux)
      let huge = 2 << 20
      guard let base = region.baseAddress, region.count >= 2 * huge else { return }
      let start = (Int(bitPattern: base) + huge - 1) / huge * huge
      let end = (Int(bitPattern: base) + region.count) / huge * huge
      guard end > start, let pointer = UnsafeMutableRawPointer(bitPattern: start) else { return }
      _ = madvise(pointer, end - start, MADV_HUGEPAGE)
    #endif
  }
}
