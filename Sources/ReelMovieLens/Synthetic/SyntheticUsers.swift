import Foundation
import ReelPipeline

/// One synthetic user's id and demographics (written by ml-100k and ml-1m).
struct SyntheticUser: Sendable {
  var id: Int
  /// ml-100k: exact age 7-73; ml-1m: an age code 1/18/25/35/45/50/56.
  var age: Int
  var gender: String
  /// ml-100k: index into ``MovieLensVocabulary/occupations100k``; ml-1m: code 0-20.
  var occupation: Int
  var zip: String
}

/// The synthetic users: ids (sparse for ml-10m), demographics, and how many ratings each
/// has (at least the release minimum, heavy-tailed, summing exactly to the requested total).
///
///     let people = SyntheticPopulation(profile: SyntheticProfile(.ml100k), users: 943,
///                                      movies: 1682, ratings: 100_000, seed: 1)
///     people.counts.reduce(0, +)   // 100000
struct SyntheticPopulation: Sendable {
  var users: [SyntheticUser]
  var counts: [Int]

  /// The most ratings one user may have: 60% of the catalog (at least the minimum).
  static func cap(movies: Int, minimum: Int) -> Int {
    min(movies, max(minimum, movies * 3 / 5))
  }

  init(profile: SyntheticProfile, users count: Int, movies: Int, ratings: Int, seed: UInt64) {
    var idRNG = SplitMix64(seed: SeedSequence.derive(seed, SyntheticStream.ids.rawValue, 1))
    var people: [SyntheticUser] = []
    people.reserveCapacity(count)
    var next = 1
    for index in 0..<count {
      if idRNG.nextBool(profile.userIDGapChance) { next += 1 + idRNG.next(below: 3) }
      var rng = SplitMix64(
        seed: SeedSequence.derive(seed, SyntheticStream.users.rawValue, UInt64(index)))
      people.append(Self.demographics(id: next, release: profile.release, &rng))
      next += 1
    }
    users = people
    counts = Self.allocate(
      total: ratings, users: count, minimum: profile.minRatingsPerUser,
      cap: Self.cap(movies: movies, minimum: profile.minRatingsPerUser), seed: seed)
  }

  private static func demographics(
    id: Int, release: MovieLensRelease, _ rng: inout SplitMix64
  ) -> SyntheticUser {
    typealias V = MovieLensVocabulary
    if release == .ml1m {
      let zip: String
      let u = rng.nextUnit()
      let five = String(format: "%05d", rng.next(below: 100_000))
      if u < 0.011 {
        zip = five + String(format: "-%04d", rng.next(below: 10_000))
      } else if u < 0.014 {
        zip = String(1 + rng.next(below: 9)) + String(format: "%05d", rng.next(below: 100_000))
      } else {
        zip = five
      }
      return SyntheticUser(
        id: id, age: V.ageCodes1m[rng.nextIndex(weights: V.ageCodeWeights1m)],
        gender: rng.nextBool(0.283) ? "F" : "M",
        occupation: rng.nextIndex(weights: V.occupationWeights1m), zip: zip)
    }
    let age = min(73, max(7, Int((33 + 12 * rng.nextGaussian()).rounded())))
    let zip: String
    if rng.nextBool(0.02) {
      let letters = Array("ABCEGHJKLMNPRSTVXY")
      zip = String([rng.pick(letters), Character(String(rng.next(below: 10))),
                    rng.pick(letters), Character(String(rng.next(below: 10))),
                    rng.pick(letters)])
    } else {
      zip = String(format: "%05d", rng.nextBool(0.1)
        ? rng.next(below: 10_000) : 10_000 + rng.next(below: 90_000))
    }
    return SyntheticUser(
      id: id, age: age, gender: rng.nextBool(0.29) ? "F" : "M",
      occupation: rng.nextIndex(weights: V.occupationWeights100k), zip: zip)
  }

  /// Splits `total` ratings over the users: each gets `minimum` plus a log-normal share of
  /// the rest, capped at `cap`, with rounding leftovers handed out in a seeded order.
  static func allocate(total: Int, users: Int, minimum: Int, cap: Int, seed: UInt64) -> [Int] {
    guard users > 0 else { return [] }
    var rng = SplitMix64(seed: SeedSequence.derive(seed, SyntheticStream.counts.rawValue))
    let weights = (0..<users).map { _ in Foundation.exp(1.1 * rng.nextGaussian()) }
    var counts = [Int](repeating: minimum, count: users)
    var capped = [Bool](repeating: false, count: users)
    var extra = total - minimum * users
    // Water-filling: users whose share passes the cap are fixed at the cap.
    while extra > 0 {
      let open = (0..<users).filter { !capped[$0] }
      guard !open.isEmpty else { break }
      let sum = open.reduce(0.0) { $0 + weights[$1] }
      var newlyCapped = false
      var given = 0
      for u in open {
        let share = Int(Double(extra) * weights[u] / sum)
        if counts[u] + share >= cap {
          given += cap - counts[u]
          counts[u] = cap
          capped[u] = true
          newlyCapped = true
        }
      }
      if newlyCapped {
        extra -= given
        continue
      }
      for u in open {
        let share = Int(Double(extra) * weights[u] / sum)
        counts[u] += share
        given += share
      }
      extra -= given
      break
    }
    var order = Array(0..<users)
    order.shuffle(using: &rng)
    while extra > 0 {
      var progressed = false
      for u in order where extra > 0 && counts[u] < cap {
        counts[u] += 1
        extra -= 1
        progressed = true
      }
      if !progressed { break }
    }
    return counts
  }
}
