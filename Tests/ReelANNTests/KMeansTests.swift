import CReelKernels
import ReelTensor
import XCTest

@testable import ReelANN

/// k-means' pieces: the register-tile nearest-centroid kernel and the split-and-merge step.
final class KMeansTests: XCTestCase {
  /// Nearest centroids and distances agree with a direct double-precision search, on both
  /// paths, for counts that leave partial tiles and panels.
  func testNearestCentroidsMatchADirectSearch() {
    var random = ANNRandom(seed: 3)
    for (n, k, d) in [(13, 37, 5), (64, 16, 64), (7, 1, 3)] {
      let points = Tensor(shape: [n, d], scalars: (0..<(n * d)).map { _ in Float(random.unit()) })
      let centroids = Tensor(
        shape: [k, d], scalars: (0..<(k * d)).map { _ in Float(random.unit()) })
      let (p, c) = (Array(points.scalars), Array(centroids.scalars))
      var expected = [Int32]()
      var expectedDistance = [Double]()
      for i in 0..<n {
        let distances = (0..<k).map { j in
          (0..<d).reduce(0.0) { $0 + pow(Double(p[i * d + $1] - c[j * d + $1]), 2) }
        }
        let best = distances.min()!
        expected.append(Int32(distances.firstIndex(of: best)!))
        expectedDistance.append(best)
      }
      let (index, distance) = KMeans.nearest(points: points, centroids: centroids)
      let label = "n \(n), k \(k), d \(d)"
      for i in 0..<n {
        // Near-ties may resolve either way in float; the distance must be the least.
        XCTAssertEqual(Double(distance[i]), expectedDistance[i], accuracy: 1e-4, label)
        if index[i] != expected[i] {
          let j = Int(index[i])
          let other = (0..<d).reduce(0.0) { $0 + pow(Double(p[i * d + $1] - c[j * d + $1]), 2) }
          XCTAssertEqual(other, expectedDistance[i], accuracy: 1e-5, label)
        }
      }
    }
  }

  /// The AVX2 and portable kernels pick the same centroids, and ties go to the lower index.
  func testKernelPathsAgreeAndTiesGoToTheLowerIndex() {
    var random = ANNRandom(seed: 4)
    let (n, k, d) = (50, 40, 8)
    var c = (0..<(k * d)).map { _ in Float(Int(random.next() % 5)) }
    // Centroid 33 duplicates centroid 2: rows nearest to them must get 2.
    for j in 0..<d { c[33 * d + j] = c[2 * d + j] }
    let p = (0..<(n * d)).map { _ in Float(Int(random.next() % 5)) }
    var panels = [Float](repeating: 0, count: (k + 15) / 16 * 16 * d)
    reel_pack_panels16(c, k, d, &panels)
    let norms = (0..<k).map { j in (0..<d).reduce(Float(0)) { $0 + c[j * d + $1] * c[j * d + $1] } }
    var results = [[Int32]]()
    for avx2 in LUT16.usesAVX2 ? [0, 1] : [0] {
      var index = [Int32](repeating: -1, count: n)
      reel_nearest_centroids(p, n, d, panels, norms, k, &index, nil, Int32(avx2))
      results.append(index)
    }
    XCTAssertEqual(results.first, results.last)
    XCTAssertFalse(results[0].contains(33))
    // Integer data: every distance is exact, so the lowest index among the nearest wins.
    for i in 0..<n {
      let distances = (0..<k).map { j in
        (0..<d).reduce(Float(0)) { $0 + (p[i * d + $1] - c[j * d + $1]) * (p[i * d + $1] - c[j * d + $1]) }
      }
      XCTAssertEqual(results[0][i], Int32(distances.firstIndex(of: distances.min()!)!))
    }
  }

  /// Two centroids sharing one blob while a third straddles two blobs: one step moves a
  /// duplicate into the straddled pair, and Lloyd then finds all three blobs.
  func testSplitAndMergeFixesADuplicatedAndAMergedCluster() {
    var random = ANNRandom(seed: 8)
    let d = 2
    let centres: [[Float]] = [[0, 0], [10, 0], [10, 10]]
    var scalars = [Float]()
    for c in centres {
      for _ in 0..<200 {
        scalars += [c[0] + Float(random.unit() - 0.5), c[1] + Float(random.unit() - 0.5)]
      }
    }
    let points = Tensor(shape: [600, d], scalars: scalars)
    // Centroids 0 and 1 share blob (0, 0); centroid 2 sits between the two other blobs.
    var centroids: [Float] = [-0.1, 0, 0.1, 0, 10, 5]
    func sse(_ c: [Float]) -> Double {
      KMeans.nearest(points: points, centroids: Tensor(shape: [3, d], scalars: c)).distance
        .reduce(0.0) { $0 + Double($1) }
    }
    let before = sse(centroids)
    let (assignment, distance) = KMeans.nearest(
      points: points, centroids: Tensor(shape: [3, d], scalars: centroids))
    let moved = KMeans.splitAndMerge(
      points: points, centroids: &centroids, k: 3, assignment: assignment, distance: distance)
    XCTAssertEqual(moved, 1)
    let after = sse(centroids)
    XCTAssertLessThan(after, before / 10, "SSE \(before) → \(after)")
    // Every blob now has a centroid within 1 of its centre.
    for c in centres {
      let nearest = (0..<3).map { j in hypot(centroids[2 * j] - c[0], centroids[2 * j + 1] - c[1]) }
      XCTAssertLessThan(nearest.min()!, 1, "blob \(c): \(centroids)")
    }
  }

  /// Nothing moves when every cluster is one blob.
  func testSplitAndMergeLeavesAGoodPartitionAlone() {
    var random = ANNRandom(seed: 9)
    let centres: [[Float]] = [[0, 0], [10, 0], [10, 10], [0, 10]]
    var scalars = [Float]()
    for c in centres {
      for _ in 0..<100 {
        scalars += [c[0] + Float(random.unit() - 0.5), c[1] + Float(random.unit() - 0.5)]
      }
    }
    let points = Tensor(shape: [400, 2], scalars: scalars)
    var centroids = centres.flatMap { $0 }
    let (assignment, distance) = KMeans.nearest(
      points: points, centroids: Tensor(shape: [4, 2], scalars: centroids))
    let original = centroids
    XCTAssertEqual(
      KMeans.splitAndMerge(
        points: points, centroids: &centroids, k: 4, assignment: assignment, distance: distance),
      0)
    XCTAssertEqual(centroids, original)
  }

  /// On well-separated blobs, training reaches the blobs' own spread although k-means++
  /// seeding alone leaves some blobs shared (the split-and-merge steps repair them).
  func testTrainingFindsSeparatedBlobs() {
    let data = ClusteredVectors(
      count: 20_000, queries: 1, dimension: 16, centres: 100, noise: 0.3, seed: 11)
    var random = ANNRandom(seed: 1)
    let centroids = KMeans.train(
      points: data.items, k: 100, iterations: 12, initSample: 3_200, random: &random
    ) { _ in }
    let meanSquared =
      KMeans.nearest(points: data.items, centroids: centroids).distance.reduce(0.0) {
        $0 + Double($1)
      } / 20_000
    // The noise alone gives 16 · 0.3² = 1.44 per point.
    XCTAssertLessThan(meanSquared, 1.6)
  }
}
