/// The per-release facts the generator follows: the rating period, the rating scale, the
/// minimum ratings per user, how sparse the ids are and which quirks to plant.
///
///     let profile = SyntheticProfile(.ml100k)
///     profile.timeRange   // 874724710...893286638 (1997-09-20 to 1998-04-22)
struct SyntheticProfile: Sendable {
  var release: MovieLensRelease
  /// Rating timestamps (Unix seconds, UTC).
  var timeRange: ClosedRange<Int64>
  /// Movie release years.
  var yearRange: ClosedRange<Int>
  /// The fewest ratings a user has.
  var minRatingsPerUser: Int
  /// Whether ratings use half stars (0.5-5) rather than whole stars (1-5).
  var halfStars: Bool
  /// How ratings are spelled.
  var ratingStyle: TextBuffer.RatingStyle
  /// Chance that the next movie id skips ahead, and by at most how much.
  var movieIDGap: (chance: Double, maxSkip: Int)
  /// Chance that a user id is skipped (ml-10m's ids are sparse).
  var userIDGapChance: Double
  /// Tag rows per rating (0 for releases without tags).
  var tagsPerRating: Double
  /// How strongly users' first ratings cluster at the start of the period (1 = uniform).
  var startSkew: Double

  init(_ release: MovieLensRelease) {
    self.release = release
    let launch: Int64 = 789_652_009  // 1995-01-09, the first rating of the later releases
    minRatingsPerUser = release == .latest ? 1 : 20
    halfStars = release != .ml100k && release != .ml1m
    switch release {
    case .ml100k: ratingStyle = .whole
    case .ml1m: ratingStyle = .whole
    case .ml10m: ratingStyle = .dat
    default: ratingStyle = .csv
    }
    userIDGapChance = release == .ml10m ? 0.024 : 0
    startSkew = 1
    tagsPerRating = 0.03
    switch release {
    case .ml100k:
      timeRange = 874_724_710...893_286_638
      yearRange = 1922...1998
      movieIDGap = (0, 0)
      tagsPerRating = 0
    case .ml1m:
      timeRange = 956_703_932...1_046_454_590
      yearRange = 1919...2000
      movieIDGap = (0.02, 3)
      tagsPerRating = 0
      startSkew = 4
    case .ml10m:
      timeRange = launch...1_231_131_736
      yearRange = 1915...2008
      movieIDGap = (0.3, 30)
      tagsPerRating = 0.01
    case .ml20m:
      timeRange = launch...1_427_784_002
      yearRange = 1915...2015
      movieIDGap = (0.4, 40)
    case .ml25m:
      timeRange = launch...1_574_327_703
      yearRange = 1915...2019
      movieIDGap = (0.5, 60)
    case .ml32m:
      timeRange = launch...1_697_164_147
      yearRange = 1915...2023
      movieIDGap = (0.5, 60)
    case .latest:
      timeRange = launch...1_689_811_200
      yearRange = 1915...2023
      movieIDGap = (0.5, 60)
    case .latestSmall:
      timeRange = 828_124_615...1_537_799_250
      yearRange = 1915...2018
      movieIDGap = (0.5, 60)
    }
  }

  /// Whether the release ships genome-tags.csv and genome-scores.csv.
  var hasGenome: Bool { [.ml20m, .ml25m, .latest].contains(release) }

  /// Whether text is latin-1.
  var latin1: Bool { release.isLatin1 }
}
