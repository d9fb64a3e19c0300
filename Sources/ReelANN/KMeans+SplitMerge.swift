import ReelTensor

extension KMeans {
  /// One split-and-merge step: Lloyd's iterations cannot move a centroid from one group of
  /// points to another, so a k-means run can end with two centroids sharing one dense group
  /// while another centroid straddles two groups. This step finds such pairs and swaps: the
  /// cluster whose merge into its nearest neighbour costs least is dissolved and its centroid
  /// moved into the cluster whose split into two gains most, whenever the gain exceeds the
  /// cost (a swap move of the local search for k-means of Kanungo et al. 2004). The next
  /// Lloyd iteration reassigns the points.
  ///
  /// `centroids` are the current means (`[k, d]`), `assignment` and `distance` the rows'
  /// clusters and squared distances from the assignment that produced them.
  ///
  /// - Returns: the number of centroids moved.
  /// - Complexity: O(k² · d) for the merge costs and O(n · d) for the split gains, computed
  ///   by a few 2-means iterations inside the most spread-out clusters.
  static func splitAndMerge(
    points: Tensor, centroids: inout [Float], k: Int, assignment: [Int32], distance: [Float]
  ) -> Int {
    let n = points.shape[0]
    let d = points.shape[1]
    guard k >= 3 else { return 0 }
    // Members of each cluster, contiguous (counting sort).
    var counts = [Int](repeating: 0, count: k)
    var spread = [Double](repeating: 0, count: k)
    for i in 0..<n {
      counts[Int(assignment[i])] += 1
      spread[Int(assignment[i])] += Double(distance[i])
    }
    var starts = [Int](repeating: 0, count: k + 1)
    for c in 0..<k { starts[c + 1] = starts[c] + counts[c] }
    var members = [Int32](repeating: 0, count: n)
    var fill = starts
    for i in 0..<n {
      let c = Int(assignment[i])
      members[fill[c]] = Int32(i)
      fill[c] += 1
    }

    // Split gains of the clusters with the largest spread per point.
    let candidates = (0..<k).filter { counts[$0] >= 4 }
      .sorted { a, b in
        let sa = spread[a] / Double(counts[a])
        let sb = spread[b] / Double(counts[b])
        return sa > sb || (sa == sb && a < b)
      }
      .prefix(max(16, k / 8))
    var gains = [(gain: Double, cluster: Int, left: [Float], right: [Float])]()
    points.withUnsafeBufferPointer { x in
      for c in candidates {
        let rows = members[starts[c]..<starts[c + 1]].map { Int($0) }
        let mean = Array(centroids[(c * d)..<(c * d + d)])
        if let split = twoMeans(x.baseAddress!, d: d, rows: rows, mean: mean), split.gain > 0 {
          gains.append((split.gain, c, split.left, split.right))
        }
      }
    }
    gains.sort { $0.gain > $1.gain || ($0.gain == $1.gain && $0.cluster < $1.cluster) }
    guard !gains.isEmpty else { return 0 }

    // Merge costs: each cluster into its nearest other centroid.
    let tensor = Tensor(shape: [k, d], scalars: centroids)
    let gram = matmul(tensor, tensor, transposeB: true)
    var neighbour = [Int](repeating: 0, count: k)
    var cost = [Double](repeating: 0, count: k)
    gram.withUnsafeBufferPointer { g in
      for a in 0..<k {
        var best = Float.infinity
        var bestB = a == 0 ? 1 : 0
        for b in 0..<k where b != a {
          let dist = g[a * k + a] + g[b * k + b] - 2 * g[a * k + b]
          if dist < best {
            best = dist
            bestB = b
          }
        }
        neighbour[a] = bestB
        let na = Double(counts[a])
        let nb = Double(counts[bestB])
        cost[a] = na + nb > 0 ? na * nb / (na + nb) * Double(max(best, 0)) : 0
      }
    }
    var donors = (0..<k).sorted { cost[$0] < cost[$1] || (cost[$0] == cost[$1] && $0 < $1) }[...]

    var locked = [Bool](repeating: false, count: k)
    var moved = 0
    for split in gains where !locked[split.cluster] {
      let t = split.cluster
      while let first = donors.first,
        locked[first] || first == t || neighbour[first] == t || locked[neighbour[first]]
      {
        donors.removeFirst()
      }
      guard let donor = donors.popFirst(), cost[donor] < split.gain else { break }
      locked[t] = true
      locked[donor] = true
      locked[neighbour[donor]] = true
      centroids.replaceSubrange((t * d)..<(t * d + d), with: split.left)
      centroids.replaceSubrange((donor * d)..<(donor * d + d), with: split.right)
      moved += 1
    }
    return moved
  }

  /// Two means of the rows `rows` (3 Lloyd iterations from the member farthest from `mean`
  /// and the member farthest from that one) and the drop in squared error against `mean`;
  /// nil when a side ends up empty.
  static func twoMeans(_ x: UnsafePointer<Float>, d: Int, rows: [Int], mean: [Float])
    -> (gain: Double, left: [Float], right: [Float])?
  {
    func dist(_ row: Int, _ c: [Float]) -> Float {
      var total: Float = 0
      for j in 0..<d {
        let diff = x[row * d + j] - c[j]
        total += diff * diff
      }
      return total
    }
    func farthest(from c: [Float]) -> Int {
      var best = rows[0]
      var bestDist: Float = -1
      for r in rows {
        let v = dist(r, c)
        if v > bestDist {
          bestDist = v
          best = r
        }
      }
      return best
    }
    let before = rows.reduce(0.0) { $0 + Double(dist($1, mean)) }
    let a = farthest(from: mean)
    var left = Array(UnsafeBufferPointer(start: x + a * d, count: d))
    let b = farthest(from: left)
    var right = Array(UnsafeBufferPointer(start: x + b * d, count: d))
    var after = before
    for _ in 0..<3 {
      var sumL = [Double](repeating: 0, count: d)
      var sumR = [Double](repeating: 0, count: d)
      var countL = 0
      var countR = 0
      after = 0
      for r in rows {
        let dl = dist(r, left)
        let dr = dist(r, right)
        after += Double(min(dl, dr))
        if dl <= dr {
          countL += 1
          for j in 0..<d { sumL[j] += Double(x[r * d + j]) }
        } else {
          countR += 1
          for j in 0..<d { sumR[j] += Double(x[r * d + j]) }
        }
      }
      guard countL > 0, countR > 0 else { return nil }
      left = sumL.map { Float($0 / Double(countL)) }
      right = sumR.map { Float($0 / Double(countR)) }
    }
    return (before - after, left, right)
  }
}
