import ReelTensor

/// Lloyd's k-means in squared L2 distance with k-means++ seeding: the partitioning of a
/// ``ScaNNIndex``. Distances come from matrix products (OpenBLAS), row loops from every core.
enum KMeans {
  /// `k` centroids `[k, d]` of the rows of `points` (`[n, d]`, n ≥ k ≥ 1).
  ///
  /// k-means++ picks the first centroids from at most `initSample` rows; then `iterations`
  /// rounds of assignment and update run over all rows. An emptied cluster restarts at a
  /// random member of the largest one. `progress` gets the fraction done.
  ///
  /// - Complexity: O(iterations · n · k · d).
  static func train(
    points: Tensor, k: Int, iterations: Int, initSample: Int, random: inout ANNRandom,
    progress: (Double) -> Void
  ) -> Tensor {
    let n = points.shape[0]
    let d = points.shape[1]
    precondition(n >= k && k >= 1, "KMeans: \(n) points for \(k) centroids")
    var centroids = plusPlus(points: points, k: k, sample: initSample, random: &random)
    progress(0.1)
    var assignment = [Int32](repeating: 0, count: n)
    for iteration in 0..<iterations {
      assignment = assign(points: points, centroids: centroids)
      var sums = [Double](repeating: 0, count: k * d)
      var counts = [Int](repeating: 0, count: k)
      points.withUnsafeBufferPointer { x in
        for i in 0..<n {
          let c = Int(assignment[i])
          counts[c] += 1
          for j in 0..<d { sums[c * d + j] += Double(x[i * d + j]) }
        }
      }
      // Empty clusters restart inside the largest one.
      for c in 0..<k where counts[c] == 0 {
        let largest = counts.indices.max { counts[$0] < counts[$1] }!
        let members = (0..<n).filter { Int(assignment[$0]) == largest }
        let pick = members[Int(random.next() % UInt64(members.count))]
        points.withUnsafeBufferPointer { x in
          for j in 0..<d { sums[c * d + j] = Double(x[pick * d + j]) }
        }
        counts[c] = 1
        assignment[pick] = Int32(c)
      }
      centroids.withUnsafeMutableBufferPointer { out in
        for c in 0..<k {
          let inv = 1 / Double(counts[c])
          for j in 0..<d { out[c * d + j] = Float(sums[c * d + j] * inv) }
        }
      }
      progress(0.1 + 0.9 * Double(iteration + 1) / Double(max(iterations, 1)))
    }
    return centroids
  }

  /// The index of each row's nearest centroid (squared L2; ties to the lower index).
  ///
  /// - Complexity: O(n · k · d) in matrix products of 4,096 rows at a time.
  static func assign(points: Tensor, centroids: Tensor) -> [Int32] {
    let n = points.shape[0]
    let k = centroids.shape[0]
    let d = centroids.shape[1]
    let norms: [Float] = centroids.withUnsafeBufferPointer { c in
      (0..<k).map { i in (0..<d).reduce(Float(0)) { $0 + c[i * d + $1] * c[i * d + $1] } }
    }
    var result = [Int32](repeating: 0, count: n)
    let block = 4096
    result.withUnsafeMutableBufferPointer { out in
      for start in stride(from: 0, to: n, by: block) {
        let rows = min(block, n - start)
        let scores = matmul(points.rows(start..<(start + rows)), centroids, transposeB: true)
        scores.withUnsafeBufferPointer { s in
          ANNParallel.forEachChunk(rows, work: rows * k) { _, range in
            for r in range {
              var best = Float.infinity
              var bestIndex = 0
              let row = s.baseAddress! + r * k
              for c in 0..<k {
                let dist = norms[c] - 2 * row[c]
                if dist < best {
                  best = dist
                  bestIndex = c
                }
              }
              out[start + r] = Int32(bestIndex)
            }
          }
        }
      }
    }
    return result
  }

  /// k-means++ seeding (D² sampling) on at most `sample` random rows.
  static func plusPlus(points: Tensor, k: Int, sample: Int, random: inout ANNRandom) -> Tensor {
    let n = points.shape[0]
    let d = points.shape[1]
    let rows = random.sample(max(sample, k), of: n)
    let m = rows.count
    var pool = [Float](repeating: 0, count: m * d)
    points.withUnsafeBufferPointer { x in
      for (i, r) in rows.enumerated() {
        for j in 0..<d { pool[i * d + j] = x[r * d + j] }
      }
    }
    var centroids = [Float](repeating: 0, count: k * d)
    var minDist = [Float](repeating: .infinity, count: m)
    var chosen = Int(random.next() % UInt64(m))
    for c in 0..<k {
      for j in 0..<d { centroids[c * d + j] = pool[chosen * d + j] }
      if c == k - 1 { break }
      // Update each pool row's distance to its nearest chosen centroid.
      pool.withUnsafeBufferPointer { p in
        minDist.withUnsafeMutableBufferPointer { md in
          let centre = Array(p[(chosen * d)..<(chosen * d + d)])
          ANNParallel.forEachChunk(m, work: m * d) { _, range in
            for i in range {
              var dist: Float = 0
              for j in 0..<d {
                let diff = p[i * d + j] - centre[j]
                dist += diff * diff
              }
              if dist < md[i] { md[i] = dist }
            }
          }
        }
      }
      let total = minDist.reduce(0.0) { $0 + Double($1) }
      if total <= 0 {
        chosen = Int(random.next() % UInt64(m))
        continue
      }
      var target = random.unit() * total
      chosen = m - 1
      for i in 0..<m {
        target -= Double(minDist[i])
        if target < 0 {
          chosen = i
          break
        }
      }
    }
    return Tensor(shape: [k, d], scalars: centroids)
  }
}
