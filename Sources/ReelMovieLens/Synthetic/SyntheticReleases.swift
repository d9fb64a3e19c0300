import Foundation
import ReelPipeline

/// The opt-in time effect shared by all users
/// (``MovieLensSynthesizer/Configuration/timeScaleDays``): 40% of the movies are new
/// releases, released uniformly from two time scales before the rating period to its end;
/// the rest are back catalogue, released before the first new release. A rating at time `t`
/// is drawn, with probability ``recentShare``, from the movies released shortly before `t`
/// (age ~ Exponential(time scale)), otherwise by popularity among the movies already
/// released; either way the usual taste acceptance follows. So a movie's weight at time `t`
/// is `popularity + recency(t − release)`, with a recency that decays exponentially with the
/// movie's age on the time scale, and no rating precedes its movie's release.
///
/// Sampling stays a few draws per rating: the recent draw is one exponential draw and an
/// O(log n) binary search over the sorted release times; the popularity draw is rejected
/// only when the movie is not yet released, which is at most 40% of the popularity mass.
///
///     let releases = SyntheticReleases(profile: profile, movies: &movies, ranks: order,
///                                      timeScaleDays: 30, seed: 7)
///     releases.time(ofRank: 0)   // Unix seconds (a UTC midnight): the top movie's release
struct SyntheticReleases: Sendable {
  /// Share of ratings drawn from the recent releases.
  static let recentShare = 0.5
  /// Share of the catalog that is released during the rating period.
  static let newShare = 0.4
  /// Exponential time scale of the recency weight, in seconds.
  let scale: Double
  /// Release time (Unix seconds) of each popularity rank.
  let byRank: [Int64]
  /// The new releases' times, ascending, and their popularity ranks in the same order.
  let newTimes: [Int64]
  let newRanks: [Int32]

  /// Picks the new releases, dates them, and rewrites their titles' years and ml-100k
  /// release dates to match (back-catalogue dates are moved before the period if needed).
  init(
    profile: SyntheticProfile, movies: inout [SyntheticMovie], ranks order: [Int],
    timeScaleDays: Double, seed: UInt64
  ) {
    scale = timeScaleDays * 86_400
    var rng = SplitMix64(seed: SeedSequence.derive(seed, SyntheticStream.releases.rawValue))
    let lo = Double(profile.timeRange.lowerBound)
    let hi = Double(profile.timeRange.upperBound)
    let first = lo - 2 * scale
    var times = [Int64](repeating: 0, count: movies.count)
    // Only movies whose title ends in their year can become new releases (not `unknown`).
    var candidates = movies.indices.filter { movies[$0].title.contains("\(movies[$0].year))") }
    candidates.shuffle(using: &rng)
    let newCount = min(candidates.count, Int(Double(movies.count) * Self.newShare))
    var isNew = [Bool](repeating: false, count: movies.count)
    for index in candidates.prefix(newCount) {
      isNew[index] = true
      let day = (first + rng.nextUnit() * (hi - first)) / 86_400
      let midnight = Int64(day.rounded(.down)) * 86_400
      times[index] = midnight
      Self.redate(&movies[index], to: midnight)
    }
    // Back catalogue: released in its listed year when that year ends before the day before
    // `first` (the cutoff); otherwise redated to the cutoff.
    let cutoff = (Int64(first) / 86_400 - 1) * 86_400
    let cutoffYear = Self.year(of: cutoff)
    for index in movies.indices where !isNew[index] {
      if movies[index].year < cutoffYear {
        times[index] = Self.startOfYear(movies[index].year)
      } else {
        times[index] = cutoff
        Self.redate(&movies[index], to: cutoff)
      }
    }
    byRank = order.map { times[$0] }
    let newOnes = order.indices.filter { isNew[order[$0]] }
      .sorted { (times[order[$0]], $0) < (times[order[$1]], $1) }
    newRanks = newOnes.map { Int32($0) }
    newTimes = newOnes.map { times[order[$0]] }
  }

  /// Release time of popularity rank `rank`.
  @inline(__always)
  func time(ofRank rank: Int) -> Int64 { byRank[rank] }

  /// A new release out at `time` whose age is about Exponential(scale), as a popularity
  /// rank, or nil when the drawn release date falls before the first new release.
  func recent(at time: Int64, _ rng: inout SplitMix64) -> Int? {
    let target = Double(time) + scale * Foundation.log(max(rng.nextUnit(), 1e-12))
    // The last new release at or before the target.
    var low = 0
    var high = newTimes.count
    while low < high {
      let mid = (low + high) / 2
      if Double(newTimes[mid]) <= target { low = mid + 1 } else { high = mid }
    }
    return low == 0 ? nil : Int(newRanks[low - 1])
  }

  private static func year(of time: Int64) -> Int {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.component(.year, from: Date(timeIntervalSince1970: TimeInterval(time)))
  }

  private static func startOfYear(_ year: Int) -> Int64 {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let date = calendar.date(from: DateComponents(year: year, month: 1, day: 1))!
    return Int64(date.timeIntervalSince1970)
  }

  /// Sets the year in the title, the year and (where written) the release date to `time`.
  private static func redate(_ movie: inout SyntheticMovie, to time: Int64) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents(
      [.year, .month, .day], from: Date(timeIntervalSince1970: TimeInterval(time)))
    let year = parts.year!
    if let range = movie.title.range(of: "\(movie.year))", options: .backwards) {
      movie.title.replaceSubrange(range, with: "\(year))")
    }
    if let range = movie.url.range(of: "\(movie.year)", options: .backwards) {
      movie.url.replaceSubrange(range, with: "\(year)")
    }
    movie.year = year
    if !movie.releaseDate.isEmpty {
      let day = parts.day!
      movie.releaseDate = (day < 10 ? "0\(day)" : "\(day)")
        + "-\(MovieLensVocabulary.months[parts.month! - 1])-\(year)"
    }
  }
}
