import Foundation
import ReelPipeline

/// Builds each synthetic movie's title, year, genres, dates and ids, planting the quirks of
/// the real files at fixed positions so that even a tiny catalog has every one of them:
/// moved articles (`Road, The (1995)`), latin-1 or other non-ASCII titles, quotes and
/// commas (CSV), titles without a year, the ml-100k `unknown` movie (id 267) and its one
/// one-digit release day.
///
///     let planter = TitlePlanter(profile: SyntheticProfile(.ml100k), count: 1682)
///     var rng = SplitMix64(seed: 1)
///     planter.movie(index: 266, id: 267, rng: &rng).title   // "unknown"
struct TitlePlanter {
  enum Kind: CaseIterable {
    case unknown100k, oneDigitDay, accented, superscript, beyondLatin1, trailingSpace
    case videoSuffix, quoted, noYear, yearRange, alternate, noGenres, imax, article
  }

  let profile: SyntheticProfile
  let count: Int
  private var planted: [Int: Kind] = [:]

  init(profile: SyntheticProfile, count: Int) {
    self.profile = profile
    self.count = count
    let kinds: [Kind]
    switch profile.release {
    case .ml100k:
      kinds = [.unknown100k, .oneDigitDay, .accented, .accented, .trailingSpace, .videoSuffix,
               .article]
    case .ml1m: kinds = [.accented, .superscript, .article]
    case .ml10m: kinds = [.accented, .beyondLatin1, .noGenres, .imax, .alternate, .article]
    default:
      kinds = [.quoted, .article, .accented, .beyondLatin1, .noYear, .noGenres, .yearRange,
               .alternate, .trailingSpace, .imax, .quoted]
    }
    if profile.release == .ml100k && count >= 1373 {
      planted[266] = .unknown100k
      planted[1372] = .oneDigitDay
    }
    for (k, kind) in kinds.enumerated()
    where !(planted.values.contains(kind) && [.unknown100k, .oneDigitDay].contains(kind)) {
      guard planted.count < count else { break }
      var index = (2 * k + 1) * count / (2 * kinds.count)
      while planted[index] != nil { index = (index + 1) % count }
      planted[index] = kind
    }
  }

  /// The kind of title movie `index` gets: planted, or drawn at the release's rates.
  private func kind(index: Int, rng: inout SplitMix64) -> Kind? {
    if let kind = planted[index] { return kind }
    let u = rng.nextUnit()
    switch profile.release {
    case .ml100k: return u < 0.005 ? .accented : nil
    case .ml1m: return u < 0.01 ? .accented : (u < 0.013 ? .superscript : nil)
    case .ml10m:
      return u < 0.02 ? .accented : (u < 0.036 ? .beyondLatin1 : (u < 0.08 ? .alternate : nil))
    default:
      if u < 0.015 { return .accented }
      if u < 0.03 { return .beyondLatin1 }
      if u < 0.033 { return .quoted }
      if u < 0.035 { return .noYear }
      if u < 0.045 { return .noGenres }
      if u < 0.09 { return .alternate }
      return nil
    }
  }

  func movie(index: Int, id: Int, rng: inout SplitMix64) -> SyntheticMovie {
    let kind = self.kind(index: index, rng: &rng)
    let span = Double(profile.yearRange.count)
    let back = Int(-Foundation.log(max(rng.nextUnit(), 1e-12)) * min(14, span / 3))
    let year = max(profile.yearRange.lowerBound, profile.yearRange.upperBound - back)
    var genres = drawGenres(&rng)
    var body = core(&rng)
    var suffix = " (\(year))"
    switch kind {
    case .unknown100k:
      return SyntheticMovie(
        id: id, title: "unknown", year: year, genres: [0], releaseDate: "", url: "",
        imdbID: imdb(year: year, &rng), tmdbID: nil)
    case .oneDigitDay: genres = [0]
    case .accented: body = rng.pick(MovieLensVocabulary.latin1Words)
    case .superscript: body = rng.pick(MovieLensVocabulary.nouns)
      + rng.pick(MovieLensVocabulary.superscripts)
    case .beyondLatin1: body = rng.pick(MovieLensVocabulary.unicodeWords)
    case .trailingSpace: suffix += " "
    case .videoSuffix: suffix += " (V)"
    case .quoted:
      body = "\"\(rng.pick(MovieLensVocabulary.adjectives)) Stories\" " + body
    case .noYear: suffix = " \(2 + rng.next(below: 9))"
    case .yearRange: suffix = " (\(year - 1)–\(year))"
    case .alternate: body += " (\(rng.pick(MovieLensVocabulary.latin1Words)))"
    case .noGenres: genres = [MovieLensVocabulary.genresModern.count - 1]
    case .imax: genres = [11] + genres.filter { $0 != 11 }
    case .article:
      body = rng.pick(MovieLensVocabulary.nouns) + ", The"
    case nil: break
    }
    genres = Array(Set(genres)).sorted()
    var movie = SyntheticMovie(
      id: id, title: body + suffix, year: year, genres: genres, releaseDate: "", url: "",
      imdbID: imdb(year: year, &rng),
      tmdbID: rng.nextBool(0.01) ? nil : 1 + rng.next(below: 600_000))
    if profile.release == .ml100k {
      movie.releaseDate = releaseDate(year: year, oneDigit: kind == .oneDigitDay, &rng)
      movie.url = url(title: movie.title, &rng)
    }
    return movie
  }

  /// `Adjective Noun`, `Noun of the Noun`, sequels, subtitles; a quarter start with an
  /// article, which MovieLens moves to the end (`Silent River, The`).
  private func core(_ rng: inout SplitMix64) -> String {
    typealias V = MovieLensVocabulary
    var body: String
    switch rng.next(below: 6) {
    case 0: body = "\(rng.pick(V.adjectives)) \(rng.pick(V.nouns))"
    case 1: body = "\(rng.pick(V.nouns)) of the \(rng.pick(V.nouns))"
    case 2: body = "\(rng.pick(V.names))'s \(rng.pick(V.nouns))"
    case 3: body = rng.pick(V.nouns)
    case 4: body = "\(rng.pick(V.adjectives)) \(rng.pick(V.nouns)) \(2 + rng.next(below: 3))"
    default: body = "\(rng.pick(V.nouns)): \(rng.pick(V.adjectives)) \(rng.pick(V.nouns))"
    }
    if rng.nextBool(0.25) {
      body += ", " + V.articles[rng.nextIndex(weights: [0.7, 0.25, 0.05])]
    }
    return body
  }

  /// One to four genres drawn by the real genre frequencies.
  private func drawGenres(_ rng: inout SplitMix64) -> [Int] {
    var weights = MovieLensVocabulary.genreWeights(for: profile.release)
    let k = 1 + rng.nextIndex(weights: [50, 33, 13, 4])
    var genres: [Int] = []
    for _ in 0..<k {
      let g = rng.nextIndex(weights: weights)
      genres.append(g)
      weights[g] = 0
    }
    return genres.sorted()
  }

  /// An IMDb number that grows with the year like the real ones: `0114709`-style (six
  /// digits, written zero-padded) before 2000, seven digits later, eight for the newest.
  private func imdb(year: Int, _ rng: inout SplitMix64) -> Int {
    if year < 2000 { return 1 + max(0, year - 1890) * 2_700 + rng.next(below: 40_000) }
    if year < 2010 { return 200_000 + (year - 2000) * 130_000 + rng.next(below: 130_000) }
    return 1_500_000 + (year - 2010) * 700_000 + rng.next(below: 700_000)
  }

  /// `01-Jan-YYYY` for two thirds of the movies, else a zero-padded `DD-Mon-YYYY`; the
  /// planted movie gets the one-digit day (`4-Feb-1971`).
  private func releaseDate(year: Int, oneDigit: Bool, _ rng: inout SplitMix64) -> String {
    if oneDigit {
      return "\(1 + rng.next(below: 9))-\(rng.pick(MovieLensVocabulary.months))-\(year)"
    }
    if rng.nextBool(0.68) { return "01-Jan-\(year)" }
    let day = 1 + rng.next(below: 28)
    let month = rng.pick(MovieLensVocabulary.months)
    return (day < 10 ? "0\(day)" : "\(day)") + "-\(month)-\(year)"
  }

  /// The percent-encoded IMDb search URL of ml-100k (latin-1 bytes, `%20` for spaces).
  private func url(title: String, _ rng: inout SplitMix64) -> String {
    let prefix = rng.nextBool(0.065)
      ? "http://us.imdb.com/Title?" : "http://us.imdb.com/M/title-exact?"
    var out = prefix
    let hex = Array("0123456789ABCDEF")
    for byte in Latin1.encode(title) {
      let c = Character(Unicode.Scalar(byte))
      if byte < 0x80 && (c.isLetter || c.isNumber || "()',.:-!_*".contains(c)) {
        out.append(c)
      } else {
        out += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
      }
    }
    return out
  }
}
