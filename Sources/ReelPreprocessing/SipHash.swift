import ReelPipeline

/// Keyed SipHash-2-4 with a 64-bit result: TensorFlow's `StrongKeyedHash`, used by
/// `tf.strings.to_hash_bucket_strong(input, num_buckets, key=[k0, k1])` and so by Keras's
/// `Hashing(salt=...)`. Unlike ``FarmHashFingerprint64`` its buckets cannot be forced to collide
/// without the key.
///
///     let sip = SipHash(key: (0x0706050403020100, 0x0f0e0d0c0b0a0908))
///     sip.hash(bytes: [UInt8](0..<15))      // 0xa129ca6149be45e5 (the SipHash paper's vector)
///     sip.bucket("hello", 1000)             // 937, as tf.strings.to_hash_bucket_strong
///
/// - Complexity: O(n) in the byte count; no allocation.
public struct SipHash: Hashable, Sendable {
  /// The two key words (`key[0]`, `key[1]` of TensorFlow's key attribute, as unsigned).
  public let k0: UInt64
  public let k1: UInt64

  /// A hasher with key `(k0, k1)`.
  public init(key: (UInt64, UInt64)) {
    k0 = key.0
    k1 = key.1
  }

  /// A hasher with TensorFlow's signed key attribute `[k0, k1]` (reinterpreted as unsigned).
  public init(signedKey k0: Int64, _ k1: Int64) {
    self.init(key: (UInt64(bitPattern: k0), UInt64(bitPattern: k1)))
  }

  /// The hash of the UTF-8 bytes of `string`.
  @inlinable
  public func hash(_ string: String) -> UInt64 {
    // Native strings (small ones included) expose their UTF-8 in place; others are copied.
    if let h = string.utf8.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
      return h
    }
    var copy = string
    return copy.withUTF8 { hash(UnsafeRawBufferPointer($0)) }
  }

  /// The hash of `bytes`.
  public func hash<Bytes: Collection>(bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
    if let h = bytes.withContiguousStorageIfAvailable({ hash(UnsafeRawBufferPointer($0)) }) {
      return h
    }
    return Array(bytes).withUnsafeBytes { hash($0) }
  }

  /// `tf.strings.to_hash_bucket_strong`: the hash modulo `buckets` (unsigned).
  ///
  /// - Precondition: `buckets > 0`.
  @inlinable
  public func bucket(_ string: String, _ buckets: Int) -> Int {
    precondition(buckets > 0, "bucket count must be positive")
    return Int(hash(string) % UInt64(buckets))
  }

  /// The hash of every string of `strings`, read from its byte buffer in place.
  ///
  /// - Complexity: O(total bytes); one allocation (the result).
  public func hashes(_ strings: StringArray) -> [UInt64] {
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

  /// The hash of the bytes in `s`.
  public func hash(_ s: UnsafeRawBufferPointer) -> UInt64 {
    var state = State(k0: k0, k1: k1)
    let len = s.count
    let whole = len & ~7
    var offset = 0
    while offset < whole {
      state.absorb(UInt64(littleEndian: s.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
      offset += 8
    }
    // Last block: the remaining 0-7 bytes, little-endian, with len mod 256 in the top byte.
    var last = UInt64(truncatingIfNeeded: len) &<< 56
    var shift: UInt64 = 0
    while offset < len {
      last |= UInt64(s[offset]) &<< shift
      shift += 8
      offset += 1
    }
    state.absorb(last)
    return state.finish()
  }

  /// The four-word SipHash state.
  struct State {
    var v0, v1, v2, v3: UInt64

    init(k0: UInt64, k1: UInt64) {
      v0 = k0 ^ 0x736f_6d65_7073_6575
      v1 = k1 ^ 0x646f_7261_6e64_6f6d
      v2 = k0 ^ 0x6c79_6765_6e65_7261
      v3 = k1 ^ 0x7465_6462_7974_6573
    }

    @inline(__always)
    static func rotl(_ x: UInt64, _ b: UInt64) -> UInt64 { (x &<< b) | (x &>> (64 &- b)) }

    @inline(__always)
    mutating func round() {
      v0 = v0 &+ v1
      v1 = Self.rotl(v1, 13) ^ v0
      v0 = Self.rotl(v0, 32)
      v2 = v2 &+ v3
      v3 = Self.rotl(v3, 16) ^ v2
      v0 = v0 &+ v3
      v3 = Self.rotl(v3, 21) ^ v0
      v2 = v2 &+ v1
      v1 = Self.rotl(v1, 17) ^ v2
      v2 = Self.rotl(v2, 32)
    }

    /// Two compression rounds over one 8-byte word.
    @inline(__always)
    mutating func absorb(_ m: UInt64) {
      v3 ^= m
      round()
      round()
      v0 ^= m
    }

    /// Four finalization rounds.
    @inline(__always)
    mutating func finish() -> UInt64 {
      v2 ^= 0xff
      round()
      round()
      round()
      round()
      return v0 ^ v1 ^ v2 ^ v3
    }
  }
}
