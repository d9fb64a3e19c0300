extension FarmHashFingerprint64 {
  /// TensorFlow's `FingerprintCat64`: combines two fingerprints into one, in order (not
  /// commutative). `tf.sparse.cross_hashed` folds each feature's fingerprint into a running
  /// value with it.
  ///
  ///     let a = FarmHashFingerprint64.hash("a"), b = FarmHashFingerprint64.hash("b")
  ///     FarmHashFingerprint64.cat(a, b) == FarmHashFingerprint64.cat(b, a)   // false
  ///     FarmHashFingerprint64.cat(a, b) == FarmHashFingerprint64.hash("ab")  // false
  @inlinable
  public static func cat(_ first: UInt64, _ second: UInt64) -> UInt64 {
    let mul: UInt64 = 0xc6a4_a793_5bd1_e995
    @inline(__always) func shiftMix(_ v: UInt64) -> UInt64 { v ^ (v &>> 47) }
    var result = first ^ mul
    result ^= shiftMix(second &* mul) &* mul
    result = result &* mul
    result = shiftMix(result) &* mul
    return shiftMix(result)
  }
}
