#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An insertion-ordered set of byte strings with ids `0..<count`: all bytes in one buffer,
/// open addressing over 32-bit slots, lookups by raw bytes without creating a `String`.
///
/// Keys compare by bytes (as TensorFlow compares strings), not by Unicode canonical
/// equivalence as `String` does.
struct UTF8TokenTable: Sendable {
  /// Every key's bytes, back to back.
  private(set) var bytes: [UInt8] = []
  /// `ends[i]` is the end of key `i` in `bytes`; it starts at `ends[i - 1]` (or 0).
  private(set) var ends: [Int] = []
  private var hashes: [UInt64] = []
  /// Key ids, or -1 for an empty slot; the count is a power of two, at most half full.
  private var slots: [Int32] = []

  init() {}

  /// The number of keys.
  var count: Int { ends.count }

  /// The byte range of key `id` in `bytes`.
  func range(_ id: Int) -> Range<Int> { (id == 0 ? 0 : ends[id - 1])..<ends[id] }

  /// Key `id` as a `String`.
  func string(_ id: Int) -> String { String(decoding: bytes[range(id)], as: UTF8.self) }

  /// The id of `key`, if present.
  func find(_ key: UnsafeRawBufferPointer) -> Int? {
    find(key, hash: Self.hash(key))
  }

  /// The id of a `String` key, if present.
  func find(_ key: String) -> Int? {
    var key = key
    return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
  }

  private func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
    guard !slots.isEmpty else { return nil }
    return slots.withUnsafeBufferPointer { slots in
      bytes.withUnsafeBytes { stored in
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: hash) & mask
        while true {
          let id = Int(slots[i])
          if id < 0 { return nil }
          if hashes[id] == hash, equal(id, key, stored) { return id }
          i = (i + 1) & mask
        }
      }
    }
  }

  @inline(__always)
  private func equal(_ id: Int, _ key: UnsafeRawBufferPointer, _ stored: UnsafeRawBufferPointer)
    -> Bool
  {
    let start = id == 0 ? 0 : ends[id - 1]
    let length = ends[id] - start
    guard length == key.count else { return false }
    return length == 0 || memcmp(stored.baseAddress! + start, key.baseAddress!, length) == 0
  }

  /// The id of `key`, inserting it (as id `count`) when absent.
  @discardableResult
  mutating func insert(_ key: UnsafeRawBufferPointer) -> (id: Int, inserted: Bool) {
    let h = Self.hash(key)
    if let id = find(key, hash: h) { return (id, false) }
    if (count + 1) * 2 > slots.count { grow() }
    let id = count
    bytes.append(contentsOf: key)
    ends.append(bytes.count)
    hashes.append(h)
    place(id, hash: h)
    return (id, true)
  }

  /// Inserts a `String` key.
  @discardableResult
  mutating func insert(_ key: String) -> (id: Int, inserted: Bool) {
    var key = key
    return key.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
  }

  /// Inserts key `id` of `other`.
  @discardableResult
  mutating func insert(_ id: Int, of other: UTF8TokenTable) -> (id: Int, inserted: Bool) {
    other.bytes.withUnsafeBytes { insert(UnsafeRawBufferPointer(rebasing: $0[other.range(id)])) }
  }

  private mutating func place(_ id: Int, hash: UInt64) {
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: hash) & mask
    while slots[i] >= 0 { i = (i + 1) & mask }
    slots[i] = Int32(id)
  }

  private mutating func grow() {
    slots = [Int32](repeating: -1, count: max(16, slots.count * 2))
    for id in 0..<count { place(id, hash: hashes[id]) }
  }

  /// Whether key `a` sorts after key `b` in byte order (Keras's descending tie-break).
  func bytesDescending(_ a: Int, _ b: Int, _ stored: UnsafeRawBufferPointer) -> Bool {
    let ra = range(a)
    let rb = range(b)
    let common = min(ra.count, rb.count)
    let c =
      common == 0
      ? 0 : memcmp(stored.baseAddress! + ra.lowerBound, stored.baseAddress! + rb.lowerBound, common)
    return c != 0 ? c > 0 : ra.count > rb.count
  }

  /// A 64-bit hash of `key`: 8 bytes at a time through a multiply-xorshift mix and a
  /// SplitMix64 finalizer. Not seeded (the table is never persisted or exposed).
  @inline(__always)
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    let n = key.count
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: n)
    var i = 0
    while i + 8 <= n {
      let w = key.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 31
      i += 8
    }
    if i < n {
      var w: UInt64 = 0
      var shift: UInt64 = 0
      while i < n {
        w |= UInt64(key[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ w) &* 0x94D0_49BB_1331_11EB
      h ^= h >> 29
    }
    h ^= h >> 30
    h = h &* 0xBF58_476D_1CE4_E5B9
    h ^= h >> 27
    h = h &* 0x94D0_49BB_1331_11EB
    h ^= h >> 31
    return h
  }
}
