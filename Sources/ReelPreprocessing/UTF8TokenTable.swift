#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An insertion-ordered set of byte strings with ids `0..<count`: all key bytes in one
/// buffer, lookups by raw bytes without creating a `String`. The one token table behind
/// ``StringLookup`` columns and ``TextVectorization``.
///
/// Keys compare by bytes (as TensorFlow compares strings), not by Unicode canonical
/// equivalence as `String` does.
///
/// Open addressing over 16-byte slots: a 32-bit hash tag with the id, and the key itself when
/// it is at most 7 bytes long (ids, zip codes, most words), so a probe for a short key touches
/// one cache line and never the key buffer. The table doubles at 50 % load.
///
/// - Complexity: insert and find O(key length) expected.
struct UTF8TokenTable: Sendable {
  /// Every key's bytes, back to back.
  private(set) var bytes: [UInt8] = []
  /// `ends[i]` is the end of key `i` in `bytes`; it starts at `ends[i - 1]` (or 0).
  private(set) var ends: [Int] = []
  /// Empty when `tagAndID == 0`; the count is a power of two.
  private var slots: [Slot]
  private var mask: Int

  private struct Slot {
    /// High 32 bits: the high half of the key's hash; low 32 bits: id + 1.
    var tagAndID: UInt64
    /// ``UTF8TokenTable/packed(_:)`` of the key.
    var key: UInt64
  }

  /// An empty table with room for `capacity` keys before it grows.
  init(capacity: Int = 8) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: Slot(tagAndID: 0, key: 0), count: size)
    mask = size - 1
  }

  /// The number of keys.
  var count: Int { ends.count }

  /// The byte range of key `id` in `bytes`.
  func range(_ id: Int) -> Range<Int> { (id == 0 ? 0 : ends[id - 1])..<ends[id] }

  /// Key `id` as a `String` (invalid UTF-8 repaired as `String(decoding:)` does).
  func string(_ id: Int) -> String { String(decoding: bytes[range(id)], as: UTF8.self) }

  /// The id of `key`, if present.
  @inline(__always)
  func find(_ key: UnsafeRawBufferPointer) -> Int? {
    let h = Self.hash(key)
    return probe(key, hash: h, packed: Self.packed(key)).id
  }

  /// The id of a `String` key, if present.
  func find(_ key: String) -> Int? {
    var key = key
    return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
  }

  /// The id of `key`, inserting it (as id `count`) when absent.
  @discardableResult
  @inline(__always)
  mutating func insert(_ key: UnsafeRawBufferPointer) -> (id: Int, inserted: Bool) {
    let h = Self.hash(key)
    let packed = Self.packed(key)
    let (found, slot) = probe(key, hash: h, packed: packed)
    if let found { return (found, false) }
    let id = count
    slots[slot] = Slot(tagAndID: (h & 0xFFFF_FFFF_0000_0000) | UInt64(id + 1), key: packed)
    bytes.append(contentsOf: key)
    ends.append(bytes.count)
    if count * 2 > slots.count { grow() }
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

  /// The id of `key` if present, and the slot where the probe ended.
  @inline(__always)
  private func probe(_ key: UnsafeRawBufferPointer, hash h: UInt64, packed: UInt64) -> (id: Int?, slot: Int) {
    let tag = h & 0xFFFF_FFFF_0000_0000
    return slots.withUnsafeBufferPointer { slots in
      var i = Int(truncatingIfNeeded: h) & mask
      while true {
        let slot = slots[i]
        if slot.tagAndID == 0 { return (nil, i) }
        if slot.tagAndID & 0xFFFF_FFFF_0000_0000 == tag && slot.key == packed {
          let id = Int(slot.tagAndID & 0xFFFF_FFFF) - 1
          if key.count < 8 || equal(id, key) { return (id, i) }
        }
        i = (i + 1) & mask
      }
    }
  }

  private func equal(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
    let r = range(id)
    guard r.count == key.count else { return false }
    return bytes.withUnsafeBytes { stored in memcmp(stored.baseAddress! + r.lowerBound, key.baseAddress!, r.count) == 0 }
  }

  private mutating func grow() {
    let old = slots
    slots = Array(repeating: Slot(tagAndID: 0, key: 0), count: old.count * 2)
    mask = slots.count - 1
    bytes.withUnsafeBytes { stored in
      for slot in old where slot.tagAndID != 0 {
        let id = Int(slot.tagAndID & 0xFFFF_FFFF) - 1
        let h = Self.hash(UnsafeRawBufferPointer(rebasing: stored[range(id)]))
        var i = Int(truncatingIfNeeded: h) & mask
        while slots[i].tagAndID != 0 { i = (i + 1) & mask }
        slots[i] = slot
      }
    }
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

  /// A key of at most 7 bytes packed with its length in the top byte (equal packings mean
  /// equal keys); longer keys give their first 7 bytes and a top byte of 0xFF.
  @inline(__always)
  static func packed(_ key: UnsafeRawBufferPointer) -> UInt64 {
    if key.count >= 8 { return (key.loadUnaligned(as: UInt64.self) & 0x00FF_FFFF_FFFF_FFFF) | (0xFF << 56) }
    var packed: UInt64 = 0
    for i in 0..<key.count { packed |= UInt64(key[i]) << (8 * UInt64(i)) }
    return packed | (UInt64(key.count) << 56)
  }

  /// A 64-bit hash of `key` (not the Keras bucketing hash): keys under 8 bytes hash their
  /// packed form; longer ones 8 bytes per multiply plus the overlapping last word. Not
  /// seeded (the table is never persisted or exposed).
  @inline(__always)
  static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
    if key.count < 8 { return mix(packed(key)) }
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
    var i = 0
    while i + 8 <= key.count {
      h = (h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    if i < key.count {
      h = (h ^ key.loadUnaligned(fromByteOffset: key.count - 8, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
    }
    return mix(h)
  }

  @inline(__always)
  private static func mix(_ x: UInt64) -> UInt64 {
    var h = (x ^ (x >> 31)) &* 0xBF58_476D_1CE4_E5B9
    h = (h ^ (h >> 29)) &* 0x94D0_49BB_1331_11EB
    return h ^ (h >> 32)
  }
}
