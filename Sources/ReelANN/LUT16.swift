import CReelKernels

/// Scoring 4-bit codes with 8-bit per-query lookup tables (ScaNN's LUT16): the packed code
/// layout, the quantized tables and the scan (AVX2 byte shuffles when the CPU has them).
enum LUT16 {
  /// Whether the AVX2 scan is used.
  static let usesAVX2 = reel_kernels_avx2() == 1

  /// Packs `codes` (`blocks` per row, row-major) into groups of 32 slots: slot j and j + 16
  /// of a group share a byte per block (low and high nibble). Padding slots get code 0.
  static func pack(codes: [UInt8], blocks: Int, slotRows: [Int32]) -> [UInt8] {
    let groups = slotRows.count / 32
    var packed = [UInt8](repeating: 0, count: groups * blocks * 16)
    for g in 0..<groups {
      for j in 0..<16 {
        let low = slotRows[g * 32 + j]
        let high = slotRows[g * 32 + j + 16]
        for b in 0..<blocks {
          let lo = low >= 0 ? codes[Int(low) * blocks + b] : 0
          let hi = high >= 0 ? codes[Int(high) * blocks + b] : 0
          packed[(g * blocks + b) * 16 + j] = lo | (hi << 4)
        }
      }
    }
    return packed
  }

  /// A query's quantized table: `approx = bias + scale · Σ table entries`.
  struct Table {
    var bytes: [UInt8]
    var bias: Float = 0
    var scale: Float = 0

    init(blocks: Int) { bytes = [UInt8](repeating: 0, count: blocks * 16) }

    /// Fills the table for `query` (``ProductQuantizer/paddedDimension`` floats): entry
    /// (b, j) is `query_b · centre_j`, shifted by the block's minimum and scaled so that a
    /// sum over all blocks fits in 16 bits (`reel_lut16_fill`).
    ///
    /// - Complexity: O(blocks · 16).
    mutating func fill(query: UnsafePointer<Float>, quantizer: ProductQuantizer) {
      var bias: Float = 0
      var scale: Float = 0
      quantizer.codebook.withUnsafeBufferPointer { cb in
        reel_lut16_fill(query, cb.baseAddress!, quantizer.blocks, &bytes, &bias, &scale)
      }
      self.bias = bias
      self.scale = scale
    }
  }

  /// Table sums of `groups` groups of codes starting at byte `offset` of `codes`.
  static func scan(
    codes: UnsafePointer<UInt8>, groups: Int, blocks: Int, table: UnsafePointer<UInt8>,
    out: UnsafeMutablePointer<UInt16>, avx2: Bool = usesAVX2
  ) {
    if avx2 {
      reel_lut16_scan_avx2(codes, groups, blocks, table, out)
    } else {
      reel_lut16_scan(codes, groups, blocks, table, out)
    }
  }
}
