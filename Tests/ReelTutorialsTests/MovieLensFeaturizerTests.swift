import XCTest

@testable import ReelTutorials

final class MovieLensFeaturizerTests: XCTestCase {
  func testLayersAreAdaptedOnTheRatings() throws {
    let data = try TutorialFixtures.small.get()
    let f = try MovieLensFeaturizer(data: data)
    XCTAssertEqual(f.userLookup.vocabularySize, data.userIDs.count + 1)
    XCTAssertEqual(try f.userLookup(["no such user"]), [0])
    XCTAssertEqual(f.titleLookup.vocabularySize, data.movieTitles.count + 1)

    let stamps = try data.ratings.int64("timestamp")
    let values = stamps.map { Double(Float($0)) }
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
    XCTAssertEqual(f.timestampNormalization.mean[0], mean, accuracy: abs(mean) * 1e-9)
    XCTAssertEqual(f.timestampNormalization.variance[0], variance, accuracy: variance * 1e-6)

    let boundaries = f.timestampBuckets.binBoundaries
    XCTAssertEqual(boundaries.count, 1000)
    XCTAssertEqual(f.timestampBuckets.binCount, 1001)
    XCTAssertEqual(boundaries.first, Float(stamps.min()!))
    XCTAssertEqual(boundaries.last, Float(stamps.max()!))
    // Keras bins: a value equal to a boundary goes to the bin above it.
    XCTAssertEqual(try f.timestampBuckets([Float(stamps.min()!) - 1e6]), [0])
    XCTAssertEqual(try f.timestampBuckets([Float(stamps.min()!)]), [1])
    XCTAssertEqual(try f.timestampBuckets([Float(stamps.max()!)]), [1000])

    XCTAssertEqual(f.userHashing.numBins, 200_000)
    let hashes = try f.userHashes(data.ratings.slice(0..<50))
    XCTAssertTrue(hashes.allSatisfy { $0 >= 0 && $0 < 200_000 })
    XCTAssertEqual(try f.userHashing(["42", "42"]), try f.userHashing(["42", "42"]).reversed())
  }

  func testLinspaceMatchesNumPy() {
    // np.linspace(0, 1, 5) = [0, 0.25, 0.5, 0.75, 1]
    XCTAssertEqual(MovieLensFeaturizer.linspace(0, 1, count: 5), [0, 0.25, 0.5, 0.75, 1])
    XCTAssertEqual(MovieLensFeaturizer.linspace(3, 3, count: 1), [3])
  }

  func testTitleTokensArePrecomputedAndPadded() throws {
    let data = try TutorialFixtures.small.get()
    let f = try MovieLensFeaturizer(data: data)
    for title in data.movieTitles.prefix(20) {
      let index = Int(try f.titleLookup([title])[0])
      XCTAssertEqual(f.titleTokens[index].map(Int64.init), try f.titleVectorizer([title])[0])
    }
    let indices: [Int32] = [1, 2, 3]
    let (ids, width) = f.paddedTitleTokens(indices)
    XCTAssertEqual(width, indices.map { f.titleTokens[Int($0)].count }.max())
    XCTAssertEqual(ids.count, 3 * width)
    for (r, i) in indices.enumerated() {
      let row = Array(ids[(r * width)..<((r + 1) * width)])
      let tokens = f.titleTokens[Int(i)]
      XCTAssertEqual(Array(row.prefix(tokens.count)), tokens)
      XCTAssertTrue(row.dropFirst(tokens.count).allSatisfy { $0 == 0 })
    }
  }

  func testTowersConcatenateTheirFeatures() throws {
    let data = try TutorialFixtures.small.get()
    let f = try MovieLensFeaturizer(data: data, hashBins: 500)
    var rng = SplitMix64(seed: 1)
    let batch = data.ratings.slice(0..<7)
    let plain = try UserTower(featurizer: f, features: [], layerSizes: [], using: &rng)
    let timed = try UserTower(featurizer: f, features: [.timestamps], layerSizes: [], using: &rng)
    let all = try UserTower(
      featurizer: f, features: [.timestamps, .hashedID], layerSizes: [], using: &rng)
    let projected = try UserTower(featurizer: f, features: [.timestamps], using: &rng)
    XCTAssertEqual(try plain(batch, tape: nil).shape, [7, 32])
    let t = try timed(batch, tape: nil)
    XCTAssertEqual(t.shape, [7, 65])
    // The last column is the normalized timestamp.
    let normalized = try f.normalizedTimestamps(batch)
    for r in 0..<7 { XCTAssertEqual(t.value.scalars[r * 65 + 64], normalized[r]) }
    XCTAssertEqual(try all(batch, tape: nil).shape, [7, 97])
    XCTAssertEqual(all.hashEmbedding?.inputDim, 500)
    XCTAssertEqual(try projected(batch, tape: nil).shape, [7, 32])

    // Movie tower: [title embedding | masked mean of the title's word embeddings].
    let movies = try MovieTower(featurizer: f, features: [.titleText], layerSizes: [], using: &rng)
    let indices: [Int32] = [1, 5, 9]
    let out = try movies(titleIndices: indices, tape: nil).value
    XCTAssertEqual(out.shape, [3, 64])
    let words = movies.wordEmbedding!.table.value
    let titles = movies.titleEmbedding.table.value
    for (r, i) in indices.enumerated() {
      let tokens = f.titleTokens[Int(i)].filter { $0 != 0 }
      for c in 0..<32 {
        XCTAssertEqual(out.scalars[r * 64 + c], titles.scalars[Int(i) * 32 + c])
        let mean = tokens.map { words.scalars[Int($0) * 32 + c] }.reduce(0, +) / Float(tokens.count)
        XCTAssertEqual(out.scalars[r * 64 + 32 + c], mean, accuracy: 1e-6)
      }
    }
  }

  func testMismatchedTowersAreRefused() throws {
    let f = try MovieLensFeaturizer(data: TutorialFixtures.small.get())
    var rng = SplitMix64(seed: 1)
    XCTAssertThrowsError(
      try FeatureRetrievalModel(
        featurizer: f, user: [.timestamps], movie: [], layerSizes: [], using: &rng)
    ) { XCTAssertTrue("\($0)".contains("65"), "\($0)") }
    XCTAssertThrowsError(
      try FeatureRetrievalModel(
        featurizer: f, user: [], movie: [], samplingProbabilities: [0.5], using: &rng))
  }

  func testChartIsAnSVGWithOneBarPerValue() {
    let svg = GroupedBarChart.svg(
      title: "a < b", categories: ["x", "y"], series: [("s1", [0.1, 0.2]), ("s2", [0.3, 0.4])])
    XCTAssertTrue(svg.hasPrefix("<svg"))
    XCTAssertTrue(svg.contains("a &lt; b"))
    XCTAssertEqual(svg.components(separatedBy: "<rect").count - 1, 1 + 4 + 2)  // background, bars, legend
    // The y axis ends at the largest value rounded up to a tick.
    XCTAssertTrue(svg.contains(">0.4</text>") && !svg.contains(">0.5</text>"))
  }
}
