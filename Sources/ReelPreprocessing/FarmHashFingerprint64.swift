import ReelPipeline

/// FarmHash `Fingerprint64` (farmhash's `farmhashna::Hash64`): the 64-bit string fingerprint
/// TensorFlow uses in `tf.strings.to_hash_bucket_fast`, `tf.sparse.cross_hashed` and Keras's
/// `Hashing`, `HashedCrossing` and multi-bucket `StringLookup` OOV slots. The value is fixed
/// forever and independent of the platform (bytes are read little-endian).
///
///     FarmHashFingerprint64.hash("")                 // 0x9ae16a3b2f90404f
///     FarmHashFingerprint64.bucket("hello", 1000)    // 296, as tf.strings.to_hash_bucket_fast
///
/// - Complexity: O(n) in the byte count; no allocation.
public enum FarmHashFingerprint64 {
  // Primes between 2^63 and 2^64 (farmhash's k0, k1, k2).
  static let k0: UInt64 = 0xc3a5_c85c_97cb_3127
  static let k1: UInt64 = 0xb492_b66f_be98_f273
  static let k2: UInt64 = 0x9ae1_6a3b_2f90_404f

  /// The fingerprint of the UTF-8 bytes of `string`.
  @inlinable
  public static func hash(_ string: String) -> UInt64 {
    // Native strings (small ones included) expose their UTF-8 in place; others are copied.
    if let h = string.utf8.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
      return h
    }
    var copy = string
    return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
  }

  /// The fingerprint of `bytes`.
  public static func hash<Bytes: Collection>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    if let h = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
      return h
    }
    return Array(bytes).withUnsafeBytes { hash($0) }
  }

  /// `tf.strings.to_hash_bucket_fast`: the fingerprint modulo `buckets` (unsigned).
  ///
  /// - Precondition: `buckets > 0`.
  @inlinable
  public static func bucket(_ string: String, _ buckets: Int) -> Int {
    precondition(buckets > 0, "bucket count must be positive")
    return Int(hash(string) % UInt64(buckets))
  }

  /// The fingerprint of every string of `strings`, read from its byte buffer in place.
  ///
  ///     FarmHashFingerprint64.hashes(["a", "b"] as StringArray)   // [hash("a"), hash("b")]
  ///
  /// - Complexity: O(total bytes); one allocation (the result).
  public static func hashes(_ strings: StringArray) -> [UInt64] {
    let offsets = strings.offsets
    let count = strings.count
    return strings.bytes.withUnsafeBytes { buffer in
      [UInt64](unsafeUninitializedCapacity: count) { out, initialized in
        for i in 0..<count {
          out[i] = hash(UnsafeRawBufferPointer(rebasing: buffer[offsets[i]..<offsets[i + 1]]))
        }
        initialized = count
      }
    }
  }

  /// The fingerprint of every string of `strings`.
  ///
  /// - Complexity: O(total bytes); one allocation (the result), none per string for native
  ///   Swift strings.
  public static func hashes(_ strings: [String]) -> [UInt64] {
    strings.map { hash($0) }
  }

  // MARK: - The algorithm

  /// The fingerprint of the bytes in `s`.
  public static func hash(_ s: UnsafeRawBufferPointer) -> UInt64 {
    let len = s.count
    if len <= 16 { return hashLen0to16(s) }
    if len <= 32 { return hashLen17to32(s) }
    if len <= 64 { return hashLen33to64(s) }
    return hashLongerThan64(s)
  }

  @inline(__always)
  static func fetch64(_ s: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
    UInt64(littleEndian: s.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
  }

  @inline(__always)
  static func fetch32(_ s: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
    UInt64(UInt32(littleEndian: s.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
  }

  /// Rotate right by `shift` (1...63).
  @inline(__always)
  static func rotate(_ value: UInt64, _ shift: UInt64) -> UInt64 {
    (value &>> shift) | (value &<< (64 &- shift))
  }

  @inline(__always)
  static func shiftMix(_ value: UInt64) -> UInt64 { value ^ (value &>> 47) }

  @inline(__always)
  static func hashLen16(_ u: UInt64, _ v: UInt64, _ mul: UInt64) -> UInt64 {
    var a = (u ^ v) &* mul
    a ^= a &>> 47
    var b = (v ^ a) &* mul
    b ^= b &>> 47
    return b &* mul
  }

  @inline(__always)
  static func hashLen0to16(_ s: UnsafeRawBufferPointer) -> UInt64 {
    let len = s.count
    if len >= 8 {
      let mul = k2 &+ UInt64(len) &* 2
      let a = fetch64(s, 0) &+ k2
      let b = fetch64(s, len - 8)
      let c = rotate(b, 37) &* mul &+ a
      let d = (rotate(a, 25) &+ b) &* mul
      return hashLen16(c, d, mul)
    }
    if len >= 4 {
      let mul = k2 &+ UInt64(len) &* 2
      let a = fetch32(s, 0)
      return hashLen16(UInt64(len) &+ (a &<< 3), fetch32(s, len - 4), mul)
    }
    if len > 0 {
      let a = UInt32(s[0])
      let b = UInt32(s[len >> 1])
      let c = UInt32(s[len - 1])
      let y = a &+ (b &<< 8)
      let z = UInt32(len) &+ (c &<< 2)
      return shiftMix(UInt64(y) &* k2 ^ UInt64(z) &* k0) &* k2
    }
    return k2
  }

  static func hashLen17to32(_ s: UnsafeRawBufferPointer) -> UInt64 {
    let len = s.count
    let mul = k2 &+ UInt64(len) &* 2
    let a = fetch64(s, 0) &* k1
    let b = fetch64(s, 8)
    let c = fetch64(s, len - 8) &* mul
    let d = fetch64(s, len - 16) &* k2
    return hashLen16(
      rotate(a &+ b, 43) &+ rotate(c, 30) &+ d, a &+ rotate(b &+ k2, 18) &+ c, mul)
  }

  static func hashLen33to64(_ s: UnsafeRawBufferPointer) -> UInt64 {
    let len = s.count
    let mul = k2 &+ UInt64(len) &* 2
    let a = fetch64(s, 0) &* k2
    let b = fetch64(s, 8)
    let c = fetch64(s, len - 8) &* mul
    let d = fetch64(s, len - 16) &* k2
    let y = rotate(a &+ b, 43) &+ rotate(c, 30) &+ d
    let z = hashLen16(y, a &+ rotate(b &+ k2, 18) &+ c, mul)
    let e = fetch64(s, 16) &* mul
    let f = fetch64(s, 24)
    let g = (y &+ fetch64(s, len - 32)) &* mul
    let h = (z &+ fetch64(s, len - 24)) &* mul
    return hashLen16(rotate(e &+ f, 43) &+ rotate(g, 30) &+ h, e &+ rotate(f &+ a, 18) &+ g, mul)
  }

  /// 16 bytes of state from 32 bytes at `offset` and two seeds.
  @inline(__always)
  static func weakHashLen32WithSeeds(
    _ s: UnsafeRawBufferPointer, _ offset: Int, _ seedA: UInt64, _ seedB: UInt64
  ) -> (UInt64, UInt64) {
    let w = fetch64(s, offset)
    let x = fetch64(s, offset + 8)
    let y = fetch64(s, offset + 16)
    let z = fetch64(s, offset + 24)
    var a = seedA &+ w
    var b = rotate(seedB &+ a &+ z, 21)
    let c = a
    a = a &+ x &+ y
    b = b &+ rotate(a, 44)
    return (a &+ z, b &+ c)
  }

  static func hashLongerThan64(_ s: UnsafeRawBufferPointer) -> UInt64 {
    let len = s.count
    let seed: UInt64 = 81
    var x = seed
    var y = seed &* k1 &+ 113
    var z = shiftMix(y &* k2 &+ 113) &* k2
    var v: (UInt64, UInt64) = (0, 0)
    var w: (UInt64, UInt64) = (0, 0)
    x = x &* k2 &+ fetch64(s, 0)

    // Whole 64-byte blocks, leaving 1 to 64 bytes; the last 64 bytes are then mixed again.
    let end = ((len - 1) / 64) * 64
    let last64 = len - 64
    var p = 0
    repeat {
      x = rotate(x &+ y &+ v.0 &+ fetch64(s, p + 8), 37) &* k1
      y = rotate(y &+ v.1 &+ fetch64(s, p + 48), 42) &* k1
      x ^= w.1
      y = y &+ v.0 &+ fetch64(s, p + 40)
      z = rotate(z &+ w.0, 33) &* k1
      v = weakHashLen32WithSeeds(s, p, v.1 &* k1, x &+ w.0)
      w = weakHashLen32WithSeeds(s, p + 32, z &+ w.1, y &+ fetch64(s, p + 16))
      swap(&z, &x)
      p += 64
    } while p != end
    let mul = k1 &+ ((z & 0xff) &<< 1)
    p = last64
    w.0 = w.0 &+ UInt64((len - 1) & 63)
    v.0 = v.0 &+ w.0
    w.0 = w.0 &+ v.0
    x = rotate(x &+ y &+ v.0 &+ fetch64(s, p + 8), 37) &* mul
    y = rotate(y &+ v.1 &+ fetch64(s, p + 48), 42) &* mul
    x ^= w.1 &* 9
    y = y &+ v.0 &* 9 &+ fetch64(s, p + 40)
    z = rotate(z &+ w.0, 33) &* mul
    v = weakHashLen32WithSeeds(s, p, v.1 &* mul, x &+ w.0)
    w = weakHashLen32WithSeeds(s, p + 32, z &+ w.1, y &+ fetch64(s, p + 16))
    swap(&z, &x)
    return hashLen16(
      hashLen16(v.0, w.0, mul) &+ shiftMix(y) &* k0 &+ z, hashLen16(v.1, w.1, mul) &+ x, mul)
  }
}
