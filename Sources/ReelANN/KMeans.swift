import CReelKernels
import ReelTensor

/// Lloyd's k-means in squared L2 distance with k-means++ seeding: the partitioning of a
/// ``ScaNNIndex``. Distances come from matrix products (OpenBLAS), row loops from every core.
enum KMeans {
  /// `k` centroids `[k, d]` of the rows of `points` (`[n, d]`, n ≥ k ≥ 1).
  ///
  /// k-means++ picks the first centroids from at most `initSample` rows; then `iterations`
  /// rounds of assignment and update run over all rows. An emptied cluster restarts at a
  /// random member of the largest one. After every second round from the third on (but not in
  /// the last three), a split-and-merge step (``splitAndMerge(points:centroids:k:assignment:distance:)``)
  /// moves centroids out of clusters that duplicate a neighbour into clusters that straddle
  /// two groups of points. `progress` gets the fraction done.
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
      let splitting = iteration >= 2 && iteration % 2 == 0 && iteration < iterations - 3
      let (nearest, distance) = nearest(points: points, centroids: centroids, distances: splitting)
      assignment = nearest
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
      var means = [Float](repeating: 0, count: k * d)
      for c in 0..<k {
        let inv = 1 / Double(counts[c])
        for j in 0..<d { means[c * d + j] = Float(sums[c * d + j] * inv) }
      }
      if splitting {
        _ = splitAndMerge(
          points: points, centroids: &means, k: k, assignment: assignment, distance: distance)
      }
      centroids = Tensor(shape: [k, d], scalars: means)
      progress(0.1 + 0.9 * Double(iteration + 1) / Double(max(iterations, 1)))
    }
    return centroids
  }

  /// The index of each row's nearest centroid (squared L2; ties to the lower index).
  ///
  /// - Complexity: O(n · k · d), in registers (no distance matrix), rows over the cores.
  static func assign(points: Tensor, centroids: Tensor) -> [Int32] {
    nearest(points: points, centroids: centroids, distances: false).index
  }

  /// Each row's nearest centroid and, when `distances` is set, its squared distance to it
  /// (empty otherwise).
  static func nearest(points: Tensor, centroids: Tensor, distances: Bool = true)
    -> (index: [Int32], distance: [Float])
  {
    let n = points.shape[0]
    let k = centroids.shape[0]
    let d = centroids.shape[1]
    var norms = [Float](repeating: 0, count: k)
    var panels = [Float](repeating: 0, count: (k + 15) / 16 * 16 * d)
    centroids.withUnsafeBufferPointer { c in
      for i in 0..<k {
        norms[i] = (0..<d).reduce(Float(0)) { $0 + c[i * d + $1] * c[i * d + $1] }
      }
      reel_pack_panels16(c.baseAddress!, k, d, &panels)
    }
    var index = [Int32](repeating: 0, count: n)
    var distance = [Float](repeating: 0, count: distances ? n : 0)
    let avx2: Int32 = LUT16.usesAVX2 ? 1 : 0
    index.withUnsafeMutableBufferPointer { out in
      distance.withUnsafeMutableBufferPointer { dist in
        points.withUnsafeBufferPointer { x in
          ANNParallel.forEachChunk(n, work: n * k * d / 8) { _, range in
            reel_nearest_centroids(
              x.baseAddress! + range.lowerBound * d, range.count, d, panels, norms, k,
              out.baseAddress! + range.lowerBound,
              distances ? dist.baseAddress! + range.lowerBound : nil, avx2)
          }
        }
      }
    }
    return (index, distance)
  }

  /// k-means++ seeding (D² sampling) on at most `sample` random rows.
  ///
  /// Each new centroid only updates the rows it can be nearer to: a row whose nearest
  /// centroid lies at least twice the row's distance from the new one keeps its distance
  /// (triangle inequality), so on clustered data most rows cost one comparison, not d.
  ///
  /// - Complexity: O(k · sample) comparisons plus O(sample · d) per row that is updated,
  ///   and O(k² · d) for the distances between centroids.
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
    var nearest = [Int32](repeating: 0, count: m)
    var fromNew = [Float](repeating: 0, count: k)  // squared distance new centroid → others
    var chosen = Int(random.next() % UInt64(m))
    for c in 0..<k {
      for j in 0..<d { centroids[c * d + j] = pool[chosen * d + j] }
      if c == k - 1 { break }
      centroids.withUnsafeBufferPointer { cs in
        for other in 0..<c {
          var dist: Float = 0
          for j in 0..<d {
            let diff = cs[c * d + j] - cs[other * d + j]
            dist += diff * diff
          }
          fromNew[other] = dist
        }
      }
      // Update each pool row's distance to its nearest chosen centroid.
      pool.withUnsafeBufferPointer { p in
        minDist.withUnsafeMutableBufferPointer { md in
          nearest.withUnsafeMutableBufferPointer { near in
            fromNew.withUnsafeBufferPointer { between in
              let centre = Array(p[(chosen * d)..<(chosen * d + d)])
              ANNParallel.forEachChunk(m, work: m * d) { _, range in
                for i in range {
                  // ‖x − new‖ ≥ ‖new − near‖ − ‖x − near‖ ≥ ‖x − near‖ when the centroids are
                  // at least 2‖x − near‖ apart (with a margin for rounding).
                  if c > 0 && between[Int(near[i])] >= 4.0004 * md[i] { continue }
                  var dist: Float = 0
                  for j in 0..<d {
                    let diff = p[i * d + j] - centre[j]
                    dist += diff * diff
                  }
                  if dist < md[i] {
                    md[i] = dist
                    near[i] = Int32(c)
                  }
                }
              }
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
