import Foundation
import ReelPipeline

/// One user's generated ratings in time order, plus any tags (catalog indices, not ids).
struct SyntheticUserBlock {
  var movies: [Int32] = []
  var halfStars: [UInt8] = []
  var timestamps: [Int64] = []
  var tags: [(movie: Int32, tag: String, timestamp: Int64)] = []
}

/// The planted structure: which movies a user rates and how.
///
/// Each user has a latent taste `u(t) = base + t·drift` (t runs 0→1 over the user's
/// ratings, so later ratings lean toward a shifted taste). Movie `j` is picked with
/// probability ∝ popularity(j) · exp(β·⟨u(t), v_j⟩) by rejection from the popularity alias
/// table, without repeats; the rating is
/// `3.55 + user bias + movie bias + 0.8·(affinity − 1.3) + noise` (1.3 ≈ the mean
/// affinity of a picked movie), rounded to the release's scale. With the opt-in time effect
/// (``SyntheticReleases``) the candidate draw is a recent release or a released movie by
/// popularity instead. A user's block depends only on (seed, user).
///
///     let block = model.block(user: 0, count: 25, scratch: &bits)
///     block.movies.count   // 25, all distinct
struct SyntheticRatingModel: Sendable {
  let profile: SyntheticProfile
  let catalog: SyntheticCatalog
  let seed: UInt64
  /// Selection temperature, and the affinity above which acceptance is certain (lowered to
  /// two spreads of the user's affinities for users with faint tastes).
  let beta: Float = 2.5
  let ceiling: Float = 1.8

  /// A zeroed bitset with one bit per popularity rank, reused across users.
  func makeScratch() -> [UInt64] {
    [UInt64](repeating: 0, count: (catalog.movies.count + 63) / 64)
  }

  /// User `user`'s `count` ratings. `scratch` comes from ``makeScratch()`` and is left
  /// zeroed.
  func block(user: Int, count: Int, scratch: inout [UInt64]) -> SyntheticUserBlock {
    var rng = SplitMix64(
      seed: SeedSequence.derive(seed, SyntheticStream.ratings.rawValue, UInt64(user)))
    let d = catalog.dimension
    let scale = Float(1 / pow(Double(d), 0.25))
    var base = Factor8()
    var drift = Factor8()
    for k in 0..<d { base[k] = Float(rng.nextGaussian()) * scale }
    for k in 0..<d { drift[k] = Float(rng.nextGaussian()) * scale * 1.2 }
    let userBias = Float(rng.nextGaussian()) * 0.4
    let usesHalves = profile.halfStars && rng.nextBool(0.6)
    // The user's active period: often days, sometimes years.
    let lo = Double(profile.timeRange.lowerBound)
    let period = Double(profile.timeRange.upperBound) - lo
    let span = period * min(1, Foundation.exp(1.6 * rng.nextGaussian() - 2.5))
    let start = lo + (period - span) * pow(rng.nextUnit(), profile.startSkew)
    var cumulative = [Double](repeating: 0, count: count)
    var total = 0.0
    for k in 0..<count {
      total += -Foundation.log(max(rng.nextUnit(), 1e-12))
      cumulative[k] = total
    }
    total += -Foundation.log(max(rng.nextUnit(), 1e-12))

    var out = SyntheticUserBlock()
    out.movies.reserveCapacity(count)
    out.halfStars.reserveCapacity(count)
    out.timestamps.reserveCapacity(count)
    let movies = catalog.movies.count
    var ranks: [Int] = []
    ranks.reserveCapacity(count)
    let tagger = profile.tagsPerRating > 0 && rng.nextBool(0.1)
    catalog.vectors.withUnsafeBufferPointer { vectors in
      scratch.withUnsafeMutableBufferPointer { used in
        let covariance = catalog.popularCovariance
        let releases = catalog.releases
        var attempts = 0
        let patience = 200 * count + 10_000
        for k in 0..<count {
          let t = Float(cumulative[k] / total)
          let taste = base + t * drift
          func affinity(_ j: Int) -> Float { taste.dot(vectors[j]) }
          // The mean and spread of this taste's affinities over drawn movies; accepting with
          // certainty from two spreads above the mean keeps the draws per pick low even for
          // tastes whose affinities vary little.
          let mean = taste.dot(catalog.popularMean)
          var variance: Float = 0
          for row in 0..<8 { variance += taste[row] * covariance[row].dot(taste) }
          let cap = min(ceiling, mean + 2 * max(0.05, variance).squareRoot())
          let time = Int64(start + span * cumulative[k] / total)
          var pick = -1
          while pick < 0 {
            attempts += 1
            if attempts > patience {
              // A user who has rated most of a small catalog: take the next unrated rank
              // (already released: the back catalogue alone covers the 60% cap).
              var j = rng.next(below: movies)
              while used[j >> 6] & (1 << UInt64(j & 63)) != 0
                || (releases.map { $0.time(ofRank: j) > time } ?? false)
              {
                j = (j + 1) % movies
              }
              pick = j
              break
            }
            let j: Int
            if let releases {
              // The time effect: a recent release, or a released movie by popularity.
              if rng.nextUnit() < SyntheticReleases.recentShare,
                let recent = releases.recent(at: time, &rng)
              {
                j = recent
              } else {
                j = catalog.popularityTable.sample(&rng)
                if releases.time(ofRank: j) > time { continue }
              }
            } else {
              j = catalog.popularityTable.sample(&rng)
            }
            if used[j >> 6] & (1 << UInt64(j & 63)) != 0 { continue }
            let a = affinity(j)
            if a >= cap || Float(rng.nextUnit()) < Foundation.exp(beta * (a - cap)) {
              pick = j
            }
          }
          used[pick >> 6] |= 1 << UInt64(pick & 63)
          let a = affinity(pick)
          ranks.append(pick)
          let movie = Int(catalog.byRank[pick])
          let score = 3.55 + userBias + catalog.bias[movie] + 0.8 * (a - 1.3)
            + 0.6 * Float(rng.nextGaussian())
          let halves: Float = usesHalves
            ? (score * 2).rounded() : (score.rounded() * 2)
          let low: Float = profile.halfStars ? 1 : 2
          out.movies.append(Int32(movie))
          out.halfStars.append(UInt8(min(10, max(low, halves))))
          out.timestamps.append(time)
        }
      }
    }
    for r in ranks { scratch[r >> 6] = 0 }
    if tagger { addTags(to: &out, &rng) }
    return out
  }

  /// Tags on some of a tagging user's movies: mostly a word for the movie's first genre
  /// (so tags carry signal), sometimes a general word, a comma/quote tag or (ml-10m) mojibake.
  private func addTags(to out: inout SyntheticUserBlock, _ rng: inout SplitMix64) {
    typealias V = MovieLensVocabulary
    let rate = min(1, profile.tagsPerRating / 0.1)
    for (k, j) in out.movies.enumerated() where rng.nextBool(rate) {
      let u = rng.nextUnit()
      let tag: String
      if u < 0.6 {
        let genres = catalog.movies[Int(j)].genres
        tag = V.genreTags[min(V.genreTags.count - 1, genres[0])]
      } else if u < 0.9 {
        tag = rng.pick(V.tagWords)
      } else if profile.release == .ml10m && u < 0.95 {
        tag = rng.pick(V.mojibakeTags)
      } else {
        tag = rng.pick(V.awkwardTags)
      }
      out.tags.append((j, tag, out.timestamps[k] + Int64(rng.next(below: 3600))))
    }
  }
}
