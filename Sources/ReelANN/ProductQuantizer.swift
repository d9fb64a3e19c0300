import CReelKernels
/// Product quantization of residual vectors with 16 centres per block of 2 dimensions (4-bit
/// codes), ScaNN's `dimensions_per_block=2` with `lut16`.
///
/// Vectors are padded with zeros to `2 · blocks` dimensions, `blocks` even (so the scanning
/// kernel can take blocks in pairs). The codebook holds, for block b and centre j, the pair
/// `codebook[(b · 16 + j) · 2 ..< +2]`.
struct ProductQuantizer: Equatable, Sendable {
  /// Centres per block.
  static let centres = 16
  /// The number of 2-dimensional blocks (even).
  let blocks: Int
  /// `blocks · 16 · 2` floats.
  var codebook: [Float]

  /// The padded dimension, `2 · blocks`.
  var paddedDimension: Int { 2 * blocks }

  /// The block count for vectors of `dimension`: ⌈dimension / 4⌉ · 2.
  static func blocks(forDimension dimension: Int) -> Int { (dimension + 3) / 4 * 2 }

  init(blocks: Int, codebook: [Float]) {
    precondition(blocks % 2 == 0 && codebook.count == blocks * 32, "ProductQuantizer: bad sizes")
    self.blocks = blocks
    self.codebook = codebook
  }

  /// A codebook trained by k-means (k-means++ seeding, `iterations` Lloyd rounds) on each
  /// block of `residuals` (`count` rows of ``paddedDimension`` floats).
  ///
  /// - Complexity: O(iterations · count · blocks · 16), blocks spread over the cores.
  static func train(
    residuals: [Float], count: Int, blocks: Int, iterations: Int, random: inout ANNRandom
  ) -> ProductQuantizer {
    let stride = 2 * blocks
    let seeds = (0..<blocks).map { _ in random.next() }
    var codebook = [Float](repeating: 0, count: blocks * 32)
    codebook.withUnsafeMutableBufferPointer { out in
      residuals.withUnsafeBufferPointer { r in
        ANNParallel.forEachChunk(blocks, work: count * blocks * 16 * iterations) { _, range in
          for b in range {
            var rng = ANNRandom(seed: seeds[b])
            let centres = trainBlock(
              r.baseAddress! + 2 * b, stride: stride, count: count, iterations: iterations,
              random: &rng)
            for i in 0..<32 { out[b * 32 + i] = centres[i] }
          }
        }
      }
    }
    return ProductQuantizer(blocks: blocks, codebook: codebook)
  }

  /// 16 centres (32 floats) of the 2-D points `base[i · stride ..< +2]`.
  private static func trainBlock(
    _ base: UnsafePointer<Float>, stride: Int, count: Int, iterations: Int,
    random: inout ANNRandom
  ) -> [Float] {
    let k = centres
    var c = [Float](repeating: 0, count: 2 * k)
    guard count > 0 else { return c }
    // k-means++ seeding.
    var minDist = [Float](repeating: .infinity, count: count)
    var chosen = Int(random.next() % UInt64(count))
    for j in 0..<k {
      c[2 * j] = base[chosen * stride]
      c[2 * j + 1] = base[chosen * stride + 1]
      var total = 0.0
      for i in 0..<count {
        let dx = base[i * stride] - c[2 * j]
        let dy = base[i * stride + 1] - c[2 * j + 1]
        minDist[i] = min(minDist[i], dx * dx + dy * dy)
        total += Double(minDist[i])
      }
      if total <= 0 {
        chosen = Int(random.next() % UInt64(count))
        continue
      }
      var target = random.unit() * total
      chosen = count - 1
      for i in 0..<count {
        target -= Double(minDist[i])
        if target < 0 {
          chosen = i
          break
        }
      }
    }
    var codes = [UInt8](repeating: 0, count: count)
    let avx2: Int32 = LUT16.usesAVX2 ? 1 : 0
    for _ in 0..<iterations {
      // Nearest centres in C (the same first-least rule as ``encode(residuals:count:avx2:)``).
      let xs = (0..<k).map { c[2 * $0] }
      let ys = (0..<k).map { c[2 * $0 + 1] }
      reel_pq_encode_nearest(base, count, stride, 1, xs, ys, &codes, avx2)
      var sx = [Double](repeating: 0, count: k)
      var sy = [Double](repeating: 0, count: k)
      var n = [Int](repeating: 0, count: k)
      for i in 0..<count {
        let j = Int(codes[i])
        sx[j] += Double(base[i * stride])
        sy[j] += Double(base[i * stride + 1])
        n[j] += 1
      }
      for j in 0..<k where n[j] > 0 {
        c[2 * j] = Float(sx[j] / Double(n[j]))
        c[2 * j + 1] = Float(sy[j] / Double(n[j]))
      }
    }
    return c
  }

  /// The nearest centre of each block for each row of `residuals` (`count` rows of
  /// ``paddedDimension``): `count · blocks` codes, row-major.
  ///
  /// - Complexity: O(count · blocks · 16), rows spread over the cores.
  func encode(residuals: [Float], count: Int, avx2: Bool = LUT16.usesAVX2) -> [UInt8] {
    var codes = [UInt8](repeating: 0, count: count * blocks)
    let stride = paddedDimension
    let blocks = self.blocks
    let (centresX, centresY) = centreCoordinates()
    codes.withUnsafeMutableBufferPointer { out in
      residuals.withUnsafeBufferPointer { r in
        ANNParallel.forEachChunk(count, work: count * blocks * 16) { _, range in
          reel_pq_encode_nearest(
            r.baseAddress! + range.lowerBound * stride, range.count, stride, blocks, centresX,
            centresY, out.baseAddress! + range.lowerBound * blocks, avx2 ? 1 : 0)
        }
      }
    }
    return codes
  }

  /// The codebook by block as 16 x and 16 y coordinates (`blocks · 16` each), the layout the
  /// C encoders read.
  func centreCoordinates() -> (x: [Float], y: [Float]) {
    var x = [Float](repeating: 0, count: blocks * 16)
    var y = [Float](repeating: 0, count: blocks * 16)
    for b in 0..<blocks {
      for j in 0..<16 {
        x[b * 16 + j] = codebook[b * 32 + 2 * j]
        y[b * 16 + j] = codebook[b * 32 + 2 * j + 1]
      }
    }
    return (x, y)
  }

  /// The quantized residual of row `codes[row · blocks ..< +blocks]`, added into `out`
  /// (``paddedDimension`` floats).
  func decode(_ codes: UnsafeBufferPointer<UInt8>, row: Int, into out: UnsafeMutablePointer<Float>)
  {
    for b in 0..<blocks {
      let j = Int(codes[row * blocks + b])
      out[2 * b] += codebook[b * 32 + 2 * j]
      out[2 * b + 1] += codebook[b * 32 + 2 * j + 1]
    }
  }
}
