/// An open-addressing hash table from byte strings to dense ids `0..<count`, in insertion
/// order. Keys live back to back in one byte arena, so counting or looking up the strings of a
/// ``StringArray`` column creates no `String` and allocates nothing per value.
///
/// Each slot holds 16 bytes: a hash tag with the id, and the key itself when it is at most 7
/// bytes long (ids, zip codes, short words), so a probe for a short key touches one cache
/// line and never the arena.
///
/// - Complexity: insert and find O(key length) expected; the table doubles at 50 % load.
struct ByteStringTable: Sendable {
  /// Key bytes, back to back; key `i` is `arena[keyOffsets[i]..<keyOffsets[i + 1]]`.
  private(set) var arena: [UInt8] = []
  private(set) var keyOffsets: [Int] = [0]
  /// Empty when `tagAndID == 0`.
  private var slots: [Slot]
  private var mask: Int
  private(set) var count = 0

  private struct Slot {
    /// High 32 bits: the high half of the key's hash; low 32 bits: id + 1.
    var tagAndID: UInt64
    /// ``ByteStringTable/inlineKey(_:)`` of the key.
    var key: UInt64
  }

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: Slot(tagAndID: 0, key: 0), count: size)
    mask = size - 1
  }

  /// The key with id `id`, as a `String` (invalid UTF-8 repaired as `String(decoding:)` does).
  func string(_ id: Int) -> String { String(decoding: arena[keyOffsets[id]..<keyOffsets[id + 1]], as: UTF8.self) }

  /// The id of `key`, inserting it if new.
  mutating func insert(_ key: UnsafeRawBufferPointer) -> Int {
    let h = Self.hash(key)
    let inline = Self.inlineKey(key)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let slot = slots[i]
      if slot.tagAndID == 0 { break }
      if slot.tagAndID & 0xFFFF_FFFF_0000_0000 == tag && slot.key == inline {
        let id = Int(slot.tagAndID & 0xFFFF_FFFF) - 1
        if key.count < 8 || equals(id, key) { return id }
      }
      i = (i + 1) & mask
    }
    let id = count
    count += 1
    slots[i] = Slot(tagAndID: tag | UInt64(id + 1), key: inline)
    arena.append(contentsOf: key)
    keyOffsets.append(arena.count)
    if count * 2 > slots.count { grow() }
    return id
  }

  /// The id of `key`, or nil.
  func find(_ key: UnsafeRawBufferPointer) -> Int? {
    let h = Self.hash(key)
    let inline = Self.inlineKey(key)
    let tag = h & 0xFFFF_FFFF_0000_0000
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let slot = slots[i]
      if slot.tagAndID == 0 { return nil }
      if slot.tagAndID & 0xFFFF_FFFF_0000_0000 == tag && slot.key == inline {
        let id = Int(slot.tagAndID & 0xFFFF_FFFF) - 1
        if key.count < 8 || equals(id, key) { return id }
      }
      i = (i + 1) & mask
    }
  }

  /// The id of `key`, inserting it if new.
  mutating func insert(_ key: String) -> Int {
    var key = key
    return key.withUTF8 { insert(UnsafeRawBufferPointer($0)) }
  }

  /// The id of `key`, or nil.
  func find(_ key: String) -> Int? {
    var key = key
    return key.withUTF8 { find(UnsafeRawBufferPointer($0)) }
  }

  /// A key of at most 7 bytes packed with its length in the top byte (so equal packings mean
  /// equal keys); longer keys give their first 7 bytes and a top byte of 0xFF.
  @inline(__always)
  static func inlineKey(_ key: UnsafeRawBufferPointer) -> UInt64 {
    var packed: UInt64 = 0
    let n = min(key.count, 7)
    for i in 0..<n { packed |= UInt64(key[i]) << (8 * UInt64(i)) }
    return packed | (UInt64(key.count < 8 ? key.count : 0xFF) << 56)
  }

  private func equals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
    let lo = keyOffsets[id]
    let hi = keyOffsets[id + 1]
    guard hi - lo == key.count else { return false }
    return arena.withUnsafeBytes { a in
      key.count == 0 || memcmpEqual(a.baseAddress! + lo, key.baseAddress!, key.count)
    }
  }

  private mutating func grow() {
    let old = slots
    let size = slots.count * 2
    slots = Array(repeating: Slot(tagAndID: 0, key: 0), count: size)
    mask = size - 1
    for slot in old where slot.tagAndID != 0 {
      let id = Int(slot.tagAndID & 0xFFFF_FFFF) - 1
      let h = arena.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer(rebasing: $0[keyOffsets[id]..<keyOffsets[id + 1]])) }
      var i = Int(truncatingIfNeeded: h) & mask
      while slots[i].tagAndID != 0 { i = (i + 1) & mask }
      slots[i] = slot
    }
  }

  /// A fast 64-bit hash of `bytes` (not the Keras bucketing hash): keys under 8 bytes hash
  /// their packed form, longer ones 8 bytes per multiply plus the overlapping last word.
  static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    if bytes.count < 8 { return mix(inlineKey(bytes)) }
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var i = 0
    while i + 8 <= bytes.count {
      h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    if i < bytes.count {
      h = (h ^ bytes.loadUnaligned(fromByteOffset: bytes.count - 8, as: UInt64.self)) &* 0x94D0_49BB_1331_11EB
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

/// Byte equality of two buffers of `count` bytes.
@inline(__always)
private func memcmpEqual(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Bool {
  var i = 0
  while i + 8 <= count {
    if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
      return false
    }
    i += 8
  }
  while i < count {
    if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
    i += 1
  }
  return true
}
