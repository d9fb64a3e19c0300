/// An open-addressing hash table from byte strings to dense ids `0..<count`, in insertion
/// order. Keys live back to back in one byte arena, so counting or looking up the strings of a
/// ``StringArray`` column creates no `String` and allocates nothing per value.
///
/// - Complexity: insert and find O(key length) expected; the table doubles at 50 % load.
struct ByteStringTable: Sendable {
  /// Key bytes, back to back; key `i` is `arena[keyOffsets[i]..<keyOffsets[i + 1]]`.
  private(set) var arena: [UInt8] = []
  private(set) var keyOffsets: [Int] = [0]
  private var hashes: [UInt64] = []
  /// `slots[h & mask]` holds `id + 1`, or 0 when empty.
  private var slots: [Int32]
  private var mask: Int

  init(capacity: Int = 16) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = Array(repeating: 0, count: size)
    mask = size - 1
  }

  /// The number of distinct keys.
  var count: Int { hashes.count }

  /// The key with id `id`, as a `String` (invalid UTF-8 repaired as `String(decoding:)` does).
  func string(_ id: Int) -> String { String(decoding: arena[keyOffsets[id]..<keyOffsets[id + 1]], as: UTF8.self) }

  /// The id of `key`, inserting it if new.
  mutating func insert(_ key: UnsafeRawBufferPointer) -> Int {
    let h = Self.hash(key)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let entry = Int(slots[i])
      if entry == 0 { break }
      if hashes[entry - 1] == h && equals(entry - 1, key) { return entry - 1 }
      i = (i + 1) & mask
    }
    let id = hashes.count
    slots[i] = Int32(id + 1)
    hashes.append(h)
    arena.append(contentsOf: key)
    keyOffsets.append(arena.count)
    if hashes.count * 2 > slots.count { grow() }
    return id
  }

  /// The id of `key`, or nil.
  func find(_ key: UnsafeRawBufferPointer) -> Int? {
    let h = Self.hash(key)
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let entry = Int(slots[i])
      if entry == 0 { return nil }
      if hashes[entry - 1] == h && equals(entry - 1, key) { return entry - 1 }
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

  private func equals(_ id: Int, _ key: UnsafeRawBufferPointer) -> Bool {
    let lo = keyOffsets[id]
    let hi = keyOffsets[id + 1]
    guard hi - lo == key.count else { return false }
    return arena.withUnsafeBytes { a in
      key.count == 0 || memcmpEqual(a.baseAddress! + lo, key.baseAddress!, key.count)
    }
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = Array(repeating: 0, count: size)
    mask = size - 1
    for (id, h) in hashes.enumerated() {
      var i = Int(truncatingIfNeeded: h) & mask
      while slots[i] != 0 { i = (i + 1) & mask }
      slots[i] = Int32(id + 1)
    }
  }

  /// A fast 64-bit hash of `bytes` (8 bytes per multiply; not the Keras bucketing hash).
  static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var i = 0
    while i + 8 <= bytes.count {
      let w = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      h = (h ^ w) &* 0xBF58_476D_1CE4_E5B9
      h ^= h >> 29
      i += 8
    }
    if i < bytes.count {
      var tail: UInt64 = 0
      var shift: UInt64 = 0
      while i < bytes.count {
        tail |= UInt64(bytes[i]) << shift
        shift += 8
        i += 1
      }
      h = (h ^ tail) &* 0x94D0_49BB_1331_11EB
    }
    h ^= h >> 31
    h = h &* 0xBF58_476D_1CE4_E5B9
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
