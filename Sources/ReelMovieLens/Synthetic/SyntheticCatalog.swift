import Foundation
import ReelPipeline

/// One synthetic movie: id, title, genres and the ids and dates each release writes.
struct SyntheticMovie: Sendable {
  var id: Int
  /// `Title (YYYY)` with the release's quirks; never contains `|`, `::`, tabs or newlines.
  var title: String
  var year: Int
  /// Indices into ``MovieLensVocabulary/genres(for:)``, ascending, at least one.
  var genres: [Int]
  /// ml-100k release date (`01-Jan-1995`, `4-Feb-1971`) or empty.
  var releaseDate: String
  /// ml-100k IMDb URL or empty.
  var url: String
  var imdbID: Int
  var tmdbID: Int?
}

/// Random-stream tags: every part of the generator draws from
/// `SeedSequence.derive(seed, stream, index)`, so each part is a pure function of the seed.
enum SyntheticStream: UInt64 {
  case movies = 1, users, genreFactors, counts, ratings, shuffle, genome, tags, ids, releases
}

/// The synthetic movie catalog: metadata, latent factors, biases and popularity.
///
///     let catalog = SyntheticCatalog(profile: SyntheticProfile(.ml1m), movies: 100,
///                                    dimension: 8, seed: 7)
///     catalog.movies[0].title   // e.g. "Hollow Orchard (1994)"
struct SyntheticCatalog: Sendable {
  var movies: [SyntheticMovie]
  /// Latent item factors, `dimension` per movie.
  var factors: [Float]
  /// Movie indices from the most to the least popular.
  var byRank: [Int32] = []
  /// The factors zero-padded to 8 lanes, in popularity-rank order: the sampling hot loop
  /// mostly touches the front of this array, which stays in cache.
  var vectors: [Factor8] = []
  /// Popularity-weighted mean and covariance (8 rows) of the movie vectors: a taste `u`
  /// has affinities with mean `u·mean` and variance `uᵀ·covariance·u` over drawn movies.
  var popularMean = Factor8()
  var popularCovariance = [Factor8](repeating: Factor8(), count: 8)
  var bias: [Float]
  /// Relative popularity (Zipf-like over a random ranking).
  var popularity: [Double]
  /// Draws a popularity rank (see ``byRank``) with probability ∝ popularity.
  var popularityTable: AliasTable
  var dimension: Int
  /// Latent factors of each genre (the item factors lean toward their genres').
  var genreFactors: [Float]
  /// The opt-in time effect: release times and the recent-release draw (nil when off).
  var releases: SyntheticReleases?

  init(
    profile: SyntheticProfile, movies count: Int, dimension: Int, seed: UInt64,
    timeScaleDays: Double? = nil
  ) {
    self.dimension = dimension
    let genreNames = MovieLensVocabulary.genres(for: profile.release)
    let scale = Float(1 / pow(Double(dimension), 0.25))
    var grng = SplitMix64(seed: SeedSequence.derive(seed, SyntheticStream.genreFactors.rawValue))
    genreFactors = (0..<genreNames.count * dimension).map { _ in
      Float(grng.nextGaussian()) * scale
    }
    var idRNG = SplitMix64(seed: SeedSequence.derive(seed, SyntheticStream.ids.rawValue))
    var ids: [Int] = []
    var next = 1
    for _ in 0..<count {
      ids.append(next)
      next += 1
      if idRNG.nextBool(profile.movieIDGap.chance) {
        next += 1 + idRNG.next(below: max(1, profile.movieIDGap.maxSkip))
      }
    }
    let planted = TitlePlanter(profile: profile, count: count)
    var imdbSeen = Set<Int>()
    var built: [SyntheticMovie] = []
    built.reserveCapacity(count)
    factors = [Float](repeating: 0, count: count * dimension)
    bias = [Float](repeating: 0, count: count)
    for index in 0..<count {
      var rng = SplitMix64(
        seed: SeedSequence.derive(seed, SyntheticStream.movies.rawValue, UInt64(index)))
      var movie = planted.movie(index: index, id: ids[index], rng: &rng)
      while !imdbSeen.insert(movie.imdbID).inserted { movie.imdbID += 1 }
      built.append(movie)
      let k = Float(movie.genres.count)
      for j in 0..<dimension {
        var mean: Float = 0
        for g in movie.genres { mean += genreFactors[g * dimension + j] }
        mean /= k
        factors[index * dimension + j] =
          0.75 * mean * k.squareRoot() + 0.66 * Float(rng.nextGaussian()) * scale
      }
      bias[index] = Float(rng.nextGaussian()) * 0.3
    }
    // Zipf-like popularity over a random ranking of the movies.
    var rankRNG = SplitMix64(seed: SeedSequence.derive(seed, SyntheticStream.movies.rawValue))
    var order = Array(0..<count)
    order.shuffle(using: &rankRNG)
    var pop = [Double](repeating: 0, count: count)
    let offset = 1 + Double(count) * 0.005
    for (rank, index) in order.enumerated() {
      pop[index] = 1 / pow(Double(rank) + offset, 0.95)
    }
    popularity = pop
    if let timeScaleDays {
      releases = SyntheticReleases(
        profile: profile, movies: &built, ranks: order, timeScaleDays: timeScaleDays, seed: seed)
    }
    movies = built
    // Drawn by rank: index r of the table is the r-th most popular movie.
    popularityTable = AliasTable(weights: order.map { pop[$0] })
    byRank = order.map { Int32($0) }
    let flat = factors
    vectors = order.map { index in
      var v = Factor8()
      for j in 0..<dimension { v[j] = flat[index * dimension + j] }
      return v
    }
    let totalPop = pop.reduce(0, +)
    var mean = [Double](repeating: 0, count: 8)
    for (rank, index) in order.enumerated() {
      for k in 0..<8 { mean[k] += Double(vectors[rank][k]) * pop[index] / totalPop }
    }
    var covariance = [Double](repeating: 0, count: 64)
    for (rank, index) in order.enumerated() {
      let centred = (0..<8).map { Double(vectors[rank][$0]) - mean[$0] }
      let w = pop[index] / totalPop
      for row in 0..<8 {
        for k in 0..<8 { covariance[row * 8 + k] += centred[row] * centred[k] * w }
      }
    }
    for k in 0..<8 { popularMean[k] = Float(mean[k]) }
    for row in 0..<8 {
      for k in 0..<8 { popularCovariance[row][k] = Float(covariance[row * 8 + k]) }
    }
    // Popular movies are rated a little higher, as in MovieLens.
    for (rank, index) in order.enumerated() {
      bias[index] += Float(0.25 - 0.5 * Double(rank) / Double(max(1, count)))
    }
  }

  /// The factors of movie `index`.
  @inline(__always)
  func factor(_ index: Int, _ j: Int) -> Float { factors[index * dimension + j] }
}
